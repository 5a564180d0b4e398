// The behaviour and disease modules of a community, as services see them: what they
// read (the community's size, its groups) and the modifiers and hooks they write. A
// service reaches a module only through these, never the other way round.
#pragma once

#include "modules/demography.hpp"
#include "modules/hcv.hpp"
#include "modules/hiv.hpp"
#include "modules/injection_network.hpp"
#include "modules/opioid_use.hpp"
#include "modules/overdose.hpp"

namespace harmsim {

struct Community {
  const Demography& demography;
  OpioidUse& opioid_use;
  InjectionNetwork& injection_network;
  Hiv& hiv;
  Hcv& hcv;
  Overdose& overdose;
};

}  // namespace harmsim
