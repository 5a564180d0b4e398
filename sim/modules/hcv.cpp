#include "modules/hcv.hpp"

#include "modules/infection_status.hpp"
#include "units/time.hpp"

namespace harmsim {

using infection::HcvState;

Hcv::Hcv(Setup& setup, const InjectionNetwork& network)
    : BloodBorneInfection(setup, network, "hcv"),
      p_per_act_(setup.value({"hcv.p_per_act", 0.03, "probability per act", 0, 1,
                              "HCV transmission per receptive sharing event with a viraemic partner.",
                              "[ASSUMPTION anchored on] Boelen L et al. 2014, PLoS One 9(7):e100749, "
                              "doi:10.1371/journal.pone.0100749: 0.0057 per sharing event regardless of "
                              "contamination, up to ~0.06 per contaminated event [V]; 0.02-0.06 for "
                              "explicit infected sources."})),
      p_acute_ends_(step_probability(
          kStepsPerYear /
          setup.value({"hcv.dur_acute", 26, "weeks", 1, 104,
                       "Mean duration of acute infection, after which it clears or becomes chronic.",
                       "Grebely J et al. 2014, Hepatology 59:109: median time to clearance 16.5 weeks, two thirds of "
                       "clearances within 6 months [V]."}))),
      p_clearance_(
          setup.value({"hcv.p_clearance", 0.26, "probability", 0, 1, "Chance that acute HCV clears spontaneously.",
                       "Micallef JM, Kaldor JM, Dore GJ 2006, J Viral Hepat 13(1):34, "
                       "doi:10.1111/j.1365-2893.2005.00651.x: 26% (22-29%) over 31 studies [V]."})),
      antibody_prevalence_initial_(
          setup.value({"hcv.antibody_prevalence_initial", 0.55, "share of people who ever injected", 0, 1,
                       "HCV antibody prevalence among current and former injectors at the start; of these, "
                       "1 - p_clearance are chronic and the rest cleared.",
                       "Abara WE et al. 2019, J Infect Dis, doi:10.1093/infdis/jiz142: 55.2% anti-HCV+ (NHBS 2015, 8 "
                       "cities) [V]."})),
      exposure_events_(setup.outcome({"hcv_exposure_events", Measure::flow, "events",
                                      "Receptive sharing events of HCV-susceptible people injecting (never infected or "
                                      "cleared) with a viraemic partner."})),
      exposure_events_acute_(setup.outcome({"hcv_exposure_events_acute", Measure::flow, "events",
                                            "Receptive sharing events of HCV-susceptible people injecting with a "
                                            "partner in acute infection (a part of hcv_exposure_events)."})),
      exposed_partnerships_(setup.outcome({"hcv_exposed_partnership_weeks", Measure::flow, "partnership-weeks",
                                           "Partnership-weeks in which an HCV-susceptible person injecting received "
                                           "at least one sharing event from a viraemic partner."})),
      clearances_(setup.outcome(
          {"hcv_clearances", Measure::flow, "people", "Acute HCV infections that cleared spontaneously."})),
      chronic_onsets_(
          setup.outcome({"hcv_chronic_onsets", Measure::flow, "people", "Acute HCV infections that became chronic."})),
      infections_(setup.outcome({"hcv_infections", Measure::flow, "infections",
                                 "New HCV infections, first infections and reinfections.", true, true})),
      primary_infections_(setup.outcome({"hcv_primary_infections", Measure::flow, "infections",
                                         "First HCV infections (of antibody-negative people).", false, true})),
      chronic_(strata(setup,
                      setup.outcome({"hcv_chronic", Measure::stock, "people",
                                     "Adults with chronic HCV at the end of the step.", true}),
                      "hcv_chronic", "People with chronic HCV")),
      py_antibody_negative_(
          setup.outcome({"person_years_injecting_hcv_antibody_negative", Measure::person_time, "person-years",
                         "Person-time injecting while never HCV-infected.", false, true})) {
  setup.rate({"hcv_incidence_per_100py_injecting", "hcv_primary_infections",
              "person_years_injecting_hcv_antibody_negative",
              "Primary HCV incidence among people injecting (Artenie 2021: 14.8 global, 17.2 current PWID; "
              "US cohorts 15-30)."});
}

void Hcv::initialise(World& w) {
  parallel_each(w, w.pop.size(), [&](std::size_t a) {
    if (!ever_injected(use_[a])) return;
    const rng::Uniforms u = initial_.agent(w.step, w.pop.id[a]);
    if (u[0] < antibody_prevalence_initial_)
      status_[a] = infection::with(status_[a], u[1] < p_clearance_ ? HcvState::cleared : HcvState::chronic);
  });
  living_chronic_.add(count_living(w, chronic()));
}

void Hcv::transmission(World& w) {
  w.outcomes.add_members(py_antibody_negative_, injectors_,
                         [&](AgentId a) { return w.pop.alive[a] && infection::hcv(status_[a]) == HcvState::never; });

  // Infectiousness by state (never, acute, chronic, cleared): viraemic or not.
  const std::array<double, kMaxStages> rel = {0, 1, 1, 0};
  const Exposures exposures = infections_over_shared_injections(
      w, network_, transmission_, p_per_act_, rel,
      [&](AgentId a) {
        const HcvState s = infection::hcv(status_[a]);
        return s == HcvState::never || s == HcvState::cleared;
      },
      [&](AgentId b) { return static_cast<int>(infection::hcv(status_[b])); });
  const std::vector<AgentId>& infected = exposures.infected;
  for (AgentId a : infected) {
    if (infection::hcv(status_[a]) == HcvState::never) w.outcomes.add_event(primary_infections_, a);
    w.outcomes.add_event(infections_, a);
    status_[a] = infection::with(status_[a], HcvState::acute);
  }
  acute_.add(infected);
  w.outcomes.add(exposure_events_, exposures.events());
  w.outcomes.add(exposure_events_acute_, exposures.events_by_stage[static_cast<int>(HcvState::acute)]);
  w.outcomes.add(exposed_partnerships_, exposures.partner_weeks);
}

void Hcv::progression(World& w) {
  std::int64_t cleared = 0, chronic = 0;
  acute_.progress(w, [&](AgentId a) {
    const rng::Uniforms u = progression_.agent(w.step, w.pop.id[a]);
    if (u[0] >= p_acute_ends_) return false;
    const bool clears = u[1] < p_clearance_;
    status_[a] = infection::with(status_[a], clears ? HcvState::cleared : HcvState::chronic);
    ++(clears ? cleared : chronic);
    return true;
  });
  w.outcomes.add(clearances_, cleared);
  w.outcomes.add(chronic_onsets_, chronic);
  living_chronic_.add(chronic);
}

void Hcv::accounting(World& w) {
  record(w, chronic_, living_chronic_, chronic());
}

}  // namespace harmsim
