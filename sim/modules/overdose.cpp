#include "modules/overdose.hpp"

#include <algorithm>
#include <array>

#include "core/parallel.hpp"
#include "units/time.hpp"

namespace harmsim {

Overdose::Overdose(Setup& setup, const OpioidUse& use, const InjectionNetwork& network)
    : use_module_(use),
      network_(network),
      use_(setup.state_of<Use>(use_names::kState)),
      users_(setup.group(use_names::kUsing)),
      last_nonfatal_(setup.state<std::int32_t>("overdose.last_nonfatal", kNever)),
      rate_injecting_(
          setup.value({"overdose.rate_injecting", 0.19, "per year", 0, 20,
                       "Overdoses per person-year injecting with no fentanyl in the supply.",
                       "[ASSUMPTION, calibrated] with the fentanyl multiplier at a 70% share this gives about 43 "
                       "overdoses per 100 PY, the post-2016 US PWID total of Shealey JY et al. 2024, medRxiv "
                       "doi:10.1101/2024.08.14.24310813 (41 non-fatal + 2.5 fatal) [V]."})),
      rel_noninjecting_(setup.value({"overdose.rel_noninjecting", 0.5, "multiplier", 0, 1,
                                     "Overdose hazard of non-injecting use relative to injecting.",
                                     "[ASSUMPTION, calibrate] smoking and snorting carry less risk per use."})),
      rel_fentanyl_(setup.value({"overdose.rel_fentanyl", 2.8, "multiplier", 1, 10,
                                 "Overdose hazard when the supply holds fentanyl, relative to none; the "
                                 "hazard is scaled by 1 + share * (rel - 1).",
                                 "Park JN et al. 2018, Harm Reduct J 15:34, doi:10.1186/s12954-018-0240-z: "
                                 "aOR 2.79 for past-year non-fatal overdose (range 1.0-4.7) [V]; used as a "
                                 "rate ratio."})),
      p_witness_is_peer_(setup.value({"overdose.p_witness_is_peer", 0.5, "probability", 0, 1,
                                      "Chance that the witness of an overdose is another person who uses "
                                      "(else family, friends or others close by).",
                                      "[ASSUMPTION] no source found."})),
      cascade_{setup.value({"overdose.p_witnessed", 0.6, "probability", 0, 1, "Chance that an overdose is witnessed.",
                            "[ASSUMPTION] 44% of fatal overdoses had a bystander (Mattson CL et al. 2018, MMWR) "
                            "[V2]; all overdoses are witnessed more often; 0.6 (0.3-0.8)."}),
               setup.value({"overdose.p_administered", 0.8, "probability", 0, 1,
                            "Chance that naloxone at hand is given in time.",
                            "[ASSUMPTION, calibrate] Irvine MA et al. 2022, Lancet Public Health 7:e210: naloxone "
                            "used at 58-76% of witnessed overdoses in high-coverage fentanyl states [V]."}),
               setup.value({"overdose.p_reversal", 0.95, "probability", 0, 1,
                            "Chance that naloxone, once given, reverses the overdose.",
                            "Giglio RE et al. 2015, Inj Epidemiol 2:10, doi:10.1186/s40621-015-0041-8 [V]; Bird "
                            "SM et al. 2015: 94% survival at THN-witnessed overdoses [V]; range 0.75-0.99."}),
               setup.value({"overdose.p_call_help", 0.68, "probability", 0, 1,
                            "Chance that a witness calls emergency services.",
                            "Tracy M et al. 2005, Drug Alcohol Depend 79:181: 67.7% called at the last witnessed "
                            "overdose; fear of police the main barrier [V]. Walley 2013: 33% [V]."}),
               setup.value({"overdose.p_ems_rescue", 0.7, "probability", 0, 1,
                            "Chance that emergency care, once called, arrives in time and rescues.",
                            "[ASSUMPTION, calibrate] 92% survive 3 days after EMS naloxone (Weiner 2020) [V], "
                            "but arrival in time is not measured."}),
               setup.value({"overdose.p_fatal", 0.08, "probability", 0, 1,
                            "Chance that an overdose is fatal with no rescue at all.",
                            "[ASSUMPTION, calibrated] observed case fatality is about 5% with today's rescue "
                            "(Shealey 2024 [V]; Bird 2015: 6% [V]); higher with fentanyl (0.05-0.10)."})},
      onset_(setup.stream("overdose.onset")),
      rescue_(setup.stream("overdose.rescue")),
      fatal_(setup.stream("overdose.fatal")),
      nonfatal_(setup.outcome({"overdoses_nonfatal", Measure::flow, "overdoses", "Non-fatal overdoses.", true, true})),
      deaths_(setup.outcome({"overdose_deaths", Measure::flow, "deaths", "Fatal overdoses.", true, true})),
      nonfatal_injecting_(setup.outcome(
          {"overdoses_nonfatal_injecting", Measure::flow, "overdoses", "Non-fatal overdoses of people injecting."})),
      deaths_injecting_(setup.outcome(
          {"overdose_deaths_injecting", Measure::flow, "deaths", "Fatal overdoses of people injecting."})),
      witnessed_(setup.outcome({"overdoses_witnessed", Measure::flow, "overdoses", "Overdoses with a witness."})),
      unwitnessed_(setup.outcome(
          {"overdoses_unwitnessed", Measure::flow, "overdoses", "Overdoses with no one there (using alone)."})),
      at_hand_(setup.outcome({"naloxone_at_hand", Measure::flow, "overdoses",
                              "Witnessed overdoses with naloxone at hand, from any source (given or not)."})),
      given_(setup.outcome(
          {"naloxone_administered", Measure::flow, "overdoses", "Overdoses at which a bystander gave naloxone."})),
      reversals_(setup.outcome(
          {"naloxone_reversals", Measure::flow, "overdoses", "Overdoses reversed by bystander naloxone.", true})),
      ems_called_(setup.outcome({"overdoses_ems_called", Measure::flow, "overdoses",
                                 "Witnessed overdoses at which emergency services were called."})),
      ems_rescued_(setup.outcome({"overdoses_ems_rescued", Measure::flow, "overdoses",
                                  "Overdoses rescued by emergency care that naloxone had not reversed (whether or "
                                  "not they would have been fatal without it: with no rescue, p_fatal are)."})) {
  setup.rate({"overdose_deaths_per_100py_injecting", "overdose_deaths_injecting", "person_years_injecting",
              "Fatal overdoses per 100 person-years injecting (Shealey 2024: 1.7, 2.5 after 2016; 0.9-4.3)."});
  setup.rate({"overdoses_nonfatal_per_100py_injecting", "overdoses_nonfatal_injecting", "person_years_injecting",
              "Non-fatal overdoses per 100 person-years injecting (Shealey 2024: 33, 41 after 2016; 26-53)."});
  // An overdose in week t is seen by services from week t + 1 (they act before overdoses).
  setup.define({"overdose_within", "people who survived an overdose within the last so many weeks", "weeks",
                [&last = last_nonfatal_](const World& w, AgentId a, double weeks) {
                  return last[a] != kNever && static_cast<double>(w.step - last[a]) <= weeks;
                }});
}

void Overdose::overdose(World& w) {
  const double multiplier = 1 + use_module_.fentanyl_share(w) * (rel_fentanyl_ - 1);
  const std::array<double, 2> rate = {rate_injecting_ * rel_noninjecting_ * multiplier,
                                      rate_injecting_ * multiplier};  // not injecting, injecting
  const std::array<double, 2> p = {step_probability(rate[0]), step_probability(rate[1])};
  const auto events = parallel_select(w, users_, [&](AgentId a) {
    return w.pop.alive[a] && onset_.below(w.step, w.pop.id[a], p[use_[a] == Use::injecting]);
  });
  // Serially, in id order: naloxone used at one overdose is gone for the next.
  for (AgentId a : events) resolve(w, a);
}

void Overdose::resolve(World& w, AgentId a) {
  const rng::Person person = w.pop.id[a];
  const rng::Uniforms u = rescue_.agent(w.step, person, 0);  // administered, reversal, help, rescue
  const rng::Uniforms v = rescue_.agent(w.step, person, 1);  // witnessed, witness type, which peer
  const bool witnessed = v[0] < cascade_.witnessed;
  std::optional<NaloxoneAtHand> naloxone;
  NaloxoneSource* source = nullptr;
  if (witnessed) {
    Witness witness;
    witness.is_peer = v[1] < p_witness_is_peer_;
    if (witness.is_peer) witness.peer = peer_witness(w, a, v[2]);
    for (NaloxoneSource* s : naloxone_sources_)
      if ((naloxone = s->at_hand(w, a, witness))) {
        source = s;
        break;
      }
  }
  if (naloxone) source->found(w, a, *naloxone);
  const CascadeResult r =
      resolve_overdose(cascade_, witnessed, naloxone.has_value(), u, fatal_.uniform(w.step, person));
  if (r.naloxone_given) source->given(w, *naloxone);

  const bool injecting = use_[a] == Use::injecting;
  w.outcomes.add(witnessed_, witnessed);
  w.outcomes.add(unwitnessed_, !witnessed);
  w.outcomes.add(at_hand_, naloxone.has_value());
  w.outcomes.add(given_, r.naloxone_given);
  w.outcomes.add(reversals_, r.reversed);
  w.outcomes.add(ems_called_, r.help_called);
  w.outcomes.add(ems_rescued_, r.ems_rescued);
  if (r.fatal) {
    w.pop.die(a);
    w.outcomes.add_event(deaths_, a);
    w.outcomes.add(deaths_injecting_, injecting);
  } else {
    last_nonfatal_[a] = static_cast<std::int32_t>(w.step);
    w.outcomes.add_event(nonfatal_, a);
    w.outcomes.add(nonfatal_injecting_, injecting);
  }
}

// A peer witness is one of the person's injection partners if they have any, else
// another person who uses, chosen at random.
AgentId Overdose::peer_witness(const World& w, AgentId a, double u) const {
  InjectionNetwork::Partners alive{};
  int n = 0;
  for (AgentId b : network_.partners(a))
    if (b != InjectionNetwork::kNone && w.pop.alive[b]) alive[n++] = b;
  if (n > 0) return alive[static_cast<int>(u * n)];
  const AgentId b = users_[static_cast<std::size_t>(u * static_cast<double>(users_.size()))];
  return b != a && w.pop.alive[b] ? b : Witness::kNoPeer;
}

}  // namespace harmsim
