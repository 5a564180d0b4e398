// The overdose rescue cascade (docs/oracles.md O3), as a pure function of the branch
// probabilities and the draws, so tests can check it against the closed form:
//   P(death) = f * [1 - w * (c a e + (1 - c a e) h m)]
// where w = witnessed, c = naloxone at hand, a = administered in time, e = reversal,
// h = help called, m = emergency care rescues, f = fatality with no rescue. With h = 0
// this is O3's f [1 - w c a e].
#pragma once

#include "rng/stream.hpp"

namespace harmsim {

struct CascadeProbabilities {
  double witnessed = 0;
  double administered = 0;  // given in time, when a kit is at hand
  double reversal = 0;      // works, when given
  double call_help = 0;     // a witness calls emergency services
  double ems_rescue = 0;    // emergency care rescues, when called and naloxone did not
  double fatal = 0;         // dies, with no rescue
};

struct CascadeResult {
  bool naloxone_given = false;
  bool reversed = false;
  bool help_called = false;  // a witness called emergency services
  bool ems_rescued = false;  // emergency care rescued, naloxone having not reversed
  bool fatal = false;
};

// `witnessed` and `at_hand` were decided by the caller (at hand implies witnessed);
// u = (administered, reversal, help, rescue), `fatal_draw` decides death with no rescue.
inline CascadeResult resolve_overdose(const CascadeProbabilities& p, bool witnessed, bool at_hand,
                                      const rng::Uniforms& u, double fatal_draw) {
  CascadeResult r;
  r.naloxone_given = witnessed && at_hand && u[0] < p.administered;
  r.reversed = r.naloxone_given && u[1] < p.reversal;
  r.help_called = witnessed && u[2] < p.call_help;
  r.ems_rescued = !r.reversed && r.help_called && u[3] < p.ems_rescue;
  r.fatal = !(r.reversed || r.ems_rescued) && fatal_draw < p.fatal;
  return r;
}

// The closed form for a given chance that naloxone is at hand at a witnessed overdose.
inline double expected_fatality(const CascadeProbabilities& p, double at_hand) {
  const double naloxone = at_hand * p.administered * p.reversal;
  return p.fatal * (1 - p.witnessed * (naloxone + (1 - naloxone) * p.call_help * p.ems_rescue));
}

}  // namespace harmsim
