#include "modules/hiv.hpp"

#include "modules/infection_status.hpp"
#include "units/time.hpp"

namespace harmsim {

using infection::HivStage;

Hiv::Hiv(Setup& setup, const InjectionNetwork& network)
    : BloodBorneInfection(setup, network, "hiv"),
      p_per_act_(setup.value({"hiv.p_per_act", 0.0063, "probability per act", 0, 1,
                              "HIV transmission per receptive sharing event with an HIV-positive partner "
                              "(chronic stage).",
                              "Patel P et al. 2014, AIDS 28(10):1509, doi:10.1097/QAD.0000000000000298: 63 "
                              "per 10,000 needle-sharing acts (range 0.0030-0.0240) [V]."})),
      rel_acute_(setup.value({"hiv.rel_acute", 26, "multiplier", 1, 100,
                              "Infectiousness in the acute stage relative to chronic infection.",
                              "Hollingsworth TD et al. 2008, J Infect Dis 198:687, doi:10.1086/590501: 26-fold "
                              "for about 3 months (sexual transmission) [V]; applying it to injection is an "
                              "[ASSUMPTION]."})),
      p_acute_ends_(step_probability(
          kStepsPerYear / setup.value({"hiv.dur_acute", 12, "weeks", 1, 52, "Mean duration of the acute stage.",
                                       "Hollingsworth 2008: about 3 months (2.9 months [UNVERIFIED])."}))),
      prevalence_initial_(setup.value({"hiv.prevalence_initial", 0.07, "share of people who ever injected", 0, 1,
                                       "HIV prevalence among current and former injectors at the start.",
                                       "NHBS 2015 and 2018: 7% of US PWID (Burnett JC et al. 2018, MMWR 67(1); "
                                       "Handanagic S et al. 2021, MMWR 70(42)) [V]."})),
      exposure_events_(
          setup.outcome({"hiv_exposure_events", Measure::flow, "events",
                         "Receptive sharing events of HIV-negative people injecting with an HIV-positive partner."})),
      exposure_events_acute_(setup.outcome({"hiv_exposure_events_acute", Measure::flow, "events",
                                            "Receptive sharing events of HIV-negative people injecting with a partner "
                                            "in acute HIV infection (a part of hiv_exposure_events)."})),
      exposed_partnerships_(setup.outcome({"hiv_exposed_partnership_weeks", Measure::flow, "partnership-weeks",
                                           "Partnership-weeks in which an HIV-negative person injecting received at "
                                           "least one sharing event from an HIV-positive partner."})),
      infections_(setup.outcome({"hiv_infections", Measure::flow, "infections",
                                 "New HIV infections (all through shared injections).", true, true})),
      prevalent_(strata(setup,
                        setup.outcome({"hiv_prevalent", Measure::stock, "people",
                                       "Adults living with HIV at the end of the step.", true}),
                        "hiv_prevalent", "People living with HIV")),
      py_susceptible_(setup.outcome({"person_years_injecting_hiv_negative", Measure::person_time, "person-years",
                                     "Person-time injecting while HIV-negative.", false, true})) {
  setup.rate({"hiv_incidence_per_100py_injecting", "hiv_infections", "person_years_injecting_hiv_negative",
              "HIV incidence among HIV-negative people injecting (US 0.2-6; global 1.7, Artenie 2021)."});
}

void Hiv::initialise(World& w) {
  parallel_each(w, w.pop.size(), [&](std::size_t a) {
    if (ever_injected(use_[a]) && initial_.below(w.step, w.pop.id[a], prevalence_initial_))
      status_[a] = infection::with(status_[a], HivStage::chronic);
  });
  living_with_hiv_.add(count_living(w, positive()));
}

void Hiv::transmission(World& w) {
  const auto negative = [&](AgentId a) { return infection::hiv(status_[a]) == HivStage::negative; };
  w.outcomes.add_members(py_susceptible_, injectors_, [&](AgentId a) { return w.pop.alive[a] && negative(a); });

  // Infectiousness by stage (negative, acute, chronic), relative to chronic infection.
  const std::array<double, kMaxStages> rel = {0, rel_acute_, 1, 0};
  const Exposures exposures =
      infections_over_shared_injections(w, network_, transmission_, p_per_act_, rel, negative,
                                        [&](AgentId b) { return static_cast<int>(infection::hiv(status_[b])); });
  const std::vector<AgentId>& infected = exposures.infected;
  for (AgentId a : infected) status_[a] = infection::with(status_[a], HivStage::acute);
  living_with_hiv_.add(static_cast<std::int64_t>(infected.size()));
  acute_.add(infected);
  for (AgentId a : infected) w.outcomes.add_event(infections_, a);
  w.outcomes.add(exposure_events_, exposures.events());
  w.outcomes.add(exposure_events_acute_, exposures.events_by_stage[static_cast<int>(HivStage::acute)]);
  w.outcomes.add(exposed_partnerships_, exposures.partner_weeks);
}

void Hiv::progression(World& w) {
  acute_.progress(w, [&](AgentId a) {
    if (!progression_.below(w.step, w.pop.id[a], p_acute_ends_)) return false;
    status_[a] = infection::with(status_[a], HivStage::chronic);
    return true;
  });
}

void Hiv::accounting(World& w) {
  record(w, prevalent_, living_with_hiv_, positive());
}

}  // namespace harmsim
