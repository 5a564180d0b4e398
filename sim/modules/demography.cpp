#include "modules/demography.hpp"

#include <algorithm>
#include <cmath>

#include "core/parallel.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"
#include "units/time.hpp"

namespace harmsim {

Demography::Demography(Setup& setup)
    : adults_(setup.value({"population.adults", 100000, "adults", 100, 20000000,
                           "Adults (18+) in the community at the start of the burn-in, one agent each.",
                           "[ASSUMPTION] a mid-size US community; scale to the community studied.", false, true})),
      age_max_(static_cast<int>(setup.value(
          {"population.age_max", 101, "years", 19, 101,
           "Adults at the start are younger than this (ages and sexes of the life table's stationary population "
           "below it); 101 keeps every age.",
           "[ASSUMPTION] a community holds every age; a cohort of people who inject (scenarios/pwid_cohort.ini) "
           "holds younger adults.",
           false, true}))),
      p_male_at_entry_(setup.value({"demography.p_male_at_entry", 0.512, "probability", 0, 1,
                                    "Share of males among adults entering at 18.",
                                    "Sex ratio at birth of about 105 males per 100 females: Mathews TJ, "
                                    "Hamilton BE 2005, NVSR 53(20) [V2]."})),
      rel_entry_(setup.value({"demography.rel_entry", 1, "multiplier", 0, 10,
                              "Entry of 18-year-olds relative to the rate that keeps the adult population "
                              "stable (adults / life expectancy at 18).",
                              "[ASSUMPTION] 1 = a stationary population; no migration."})),
      replace_(setup.text({"demography.replace", 0, "group", 0, 0,
                           "An open cohort: entrants replace the members a group has lost since the start of the "
                           "run (by death or by leaving it), joining it on entry, instead of adults entering at 18 "
                           "(demography.rel_entry); none: no cohort. E.g. injecting. Entrants count in "
                           "adults_entered, not as starts of use or of injecting.",
                           "[ASSUMPTION] cohort models of people who inject (e.g. HepCEP, HEP-CE) hold the size of "
                           "the injecting population fixed.",
                           false, false, false, false, text::kNone})),
      replace_where_(setup.quote("demography.replace")),
      age_replacement_(static_cast<int>(setup.value(
          {"demography.age_replacement", 23, "years", 18, 80,
           "Age of the people who enter an open cohort (demography.replace).",
           "Hines LA et al. 2020, Lancet Glob Health 8(1):e76, doi:10.1016/S2214-109X(19)30462-0: mean age at "
           "onset of injecting 23.3 years (global) [V2]; 22.1 in Los Angeles and San Francisco 2011-12 [UNVERIFIED].",
           false, true}))),
      rate_excess_death_injecting_(
          setup.value({"demography.rate_excess_death_injecting", 0.006, "per year", 0, 0.2,
                       "Excess deaths per person-year among people injecting, from causes other than overdose "
                       "(infections, injuries, suicide, liver disease), on top of the life table.",
                       "[ASSUMPTION, calibrate] Mathers BM et al. 2013, Bull WHO 91:102, doi:10.2471/BLT.12.108282: "
                       "crude all-cause mortality of PWID 2.35/100 PY (SMR 14.7), of which overdose is modelled "
                       "separately; 0.6/100 PY leaves pre-fentanyl overdose (about a third) and background mortality "
                       "as the rest [V for the total]."})),
      rate_excess_death_noninjecting_(
          setup.value({"demography.rate_excess_death_noninjecting", 0.003, "per year", 0, 0.2,
                       "Excess non-overdose deaths per person-year among people using opioids without injecting.",
                       "[ASSUMPTION, calibrate] a third of the injecting excess; no direct source."})),
      initial_age_(setup.stream("demography.initial_age")),
      entry_sex_(setup.stream("demography.entry_sex")),
      death_(setup.stream("demography.death")),
      death_time_(setup.stream("demography.death_time")),
      deaths_all_cause_(setup.outcome({"deaths_all_cause", Measure::flow, "deaths",
                                       "Deaths from every cause (background, drug-related, overdose).", true})),
      deaths_other_causes_(setup.outcome({"deaths_other_causes", Measure::flow, "deaths",
                                          "Deaths from causes other than overdose: background mortality and the "
                                          "excess mortality of people who use opioids."})),
      deaths_background_(setup.outcome({"deaths_background", Measure::flow, "deaths",
                                        "Deaths at the life table's rate for age and sex (a part of "
                                        "deaths_other_causes)."})),
      deaths_drug_related_(setup.outcome({"deaths_drug_related_other", Measure::flow, "deaths",
                                          "Deaths beyond the life table's among people using opioids, from causes "
                                          "other than overdose (a part of deaths_other_causes)."})),
      entered_(setup.outcome({"adults_entered", Measure::flow, "people", "Adults entering at age 18."})),
      alive_(setup.outcome({"population_alive", Measure::stock, "people", "Adults alive at the end of the step."})),
      py_alive_(setup.outcome(
          {"person_years_alive", Measure::person_time, "person-years", "Person-time lived by all adults."})) {
  const double excess[3] = {0, rate_excess_death_noninjecting_, rate_excess_death_injecting_};
  for (int group = 0; group < 3; ++group)
    for (Sex s : {Sex::female, Sex::male})
      for (int i = 0; i < life_table::kAges; ++i)
        p_death_[group][static_cast<int>(s)][i] =
            step_probability(life_table::hazard(s, life_table::kFirstAge + i) + excess[group]);
  for (int group = 0; group < 3; ++group)
    for (int s = 0; s < 2; ++s)
      for (int i = 0; i < life_table::kAges; ++i)
        p_excess_[group][s][i] = (p_death_[group][s][i] - p_death_[0][s][i]) / (1 - p_death_[0][s][i]);
  for (int s = 0; s < 2; ++s) {
    auto& h = cumulative_hazard_[s];
    h.assign(kHorizonYears * kStepsPerYear + 1, 0.0);
    for (std::size_t v = 0; v + 1 < h.size(); ++v) {
      const int age = std::clamp(static_cast<int>(v) / kStepsPerYear, life_table::kFirstAge, life_table::kLastAge);
      h[v + 1] = h[v] - std::log1p(-p_death_[0][s][age - life_table::kFirstAge]);
    }
  }

  const double expectancy = p_male_at_entry_ * life_table::life_expectancy_at_entry(Sex::male) +
                            (1 - p_male_at_entry_) * life_table::life_expectancy_at_entry(Sex::female);
  entries_per_step_ = rel_entry_ * adults_ / expectancy / kStepsPerYear;
}

double Demography::share_younger_than(int age) const {
  return life_table::stationary_share_younger_than(std::min(age, age_max_), p_male_at_entry_) /
         life_table::stationary_share_younger_than(age_max_, p_male_at_entry_);
}

std::size_t Demography::agents_created(std::int64_t steps) const {
  // An open cohort's entrants replace losses not known in advance, from a group of at
  // most everyone: room for a fifth of the adults a year [ASSUMPTION: cohorts of people
  // who inject lose 10-20% a year to cessation and death]; the arrays grow beyond it if
  // need be.
  const double per_step = replace_ == text::kNone ? entries_per_step_ : 0.2 * adults_ / kStepsPerYear;
  // The adults at the start and every entry (Accrual hands out the floor of the sum).
  return static_cast<std::size_t>(adults_) + static_cast<std::size_t>(std::ceil(per_step * static_cast<double>(steps)));
}

void Demography::connect(World& w) {
  users_ = &w.groups.get(use_names::kUsing);
  if (replace_ == text::kNone) return;
  recruit_ = w.groups.recruit(replace_);
  if (!recruit_)
    throw UsageError(replace_where_ + "entrants cannot join a group of that name; groups they can join: " +
                     text::join_or(w.groups.recruiting()) + ".");
  replaced_ = &w.groups.get(replace_);
}

std::int64_t Demography::background_death(const World& w, AgentId a, std::int64_t now) const {
  const auto& h = cumulative_hazard_[static_cast<int>(w.pop.sex[a])];
  const auto week = hazard_crossing(h, static_cast<std::size_t>(now - w.pop.birth_step[a]),
                                    exponential_threshold(death_time_.uniform(0, w.pop.id[a])));
  if (!week) return w.last_step;  // past the table's horizon
  return std::min(w.last_step, w.pop.birth_step[a] + static_cast<std::int64_t>(*week));
}

void Demography::initialise(World& w) {
  use_ = &w.pop.get<Use>(use_names::kState);
  due_.reset(w.last_step);
  // Ages and sexes of the stationary population of the life table younger than age_max:
  // age given sex follows L_x below it, and the share of males is p Y_m / (p Y_m +
  // (1 - p) Y_f), with Y_s the person-years lived from 18 to age_max by sex s.
  const int ages = age_max_ - life_table::kFirstAge;
  std::array<std::array<double, life_table::kAges>, 2> cumulative{};
  std::array<double, 2> lived_below{};
  for (Sex s : {Sex::female, Sex::male}) {
    const auto lived = life_table::person_years_by_age(s);
    auto& c = cumulative[static_cast<int>(s)];
    double sum = 0;
    for (int i = 0; i < ages; ++i) c[i] = (sum += lived[i]);
    for (double& x : c) x /= sum;
    lived_below[static_cast<int>(s)] = sum;
  }
  const double male = p_male_at_entry_ * lived_below[static_cast<int>(Sex::male)];
  const double male_share = male / (male + (1 - p_male_at_entry_) * lived_below[static_cast<int>(Sex::female)]);

  const std::size_t n = static_cast<std::size_t>(adults_);
  w.pop.add(n);
  parallel_each(w, n, [&](std::size_t a) {
    const rng::Uniforms u = initial_age_.agent(w.step, w.pop.id[a]);
    const Sex sex = u[0] < male_share ? Sex::male : Sex::female;
    const auto& c = cumulative[static_cast<int>(sex)];
    const int age =
        life_table::kFirstAge + static_cast<int>(std::upper_bound(c.begin(), c.begin() + ages - 1, u[1]) - c.begin());
    w.pop.sex[a] = sex;
    w.pop.birth_step[a] =
        static_cast<std::int32_t>(w.step - age * kStepsPerYear - static_cast<int>(u[2] * kStepsPerYear));
  });
  // Each death week in parallel, then filed in id order.
  std::vector<std::int64_t> when(n);
  parallel_each(w, n, [&](std::size_t a) { when[a] = background_death(w, static_cast<AgentId>(a), w.step); });
  for (AgentId a = 0; a < n; ++a) due_.file(when[a], a);
}

void Demography::demography(World& w) {
  deaths_before_ = w.pop.deaths();
  w.outcomes.add(py_alive_, w.pop.living());
  Population& pop = w.pop;
  if (replaced_ && w.step == 0) cohort_size_ = living(w, *replaced_);  // the cohort as it starts
  // Background deaths due this week (among those still alive), then the excess of the
  // people using opioids who survive them.
  for (AgentId a : due_.take(w.step))
    if (pop.alive[a]) pop.die(a);
  const std::int64_t background = w.pop.deaths() - deaths_before_;
  const Group& users = *users_;
  const auto drug_related = parallel_select(w, users, [&](AgentId a) {
    if (!pop.alive[a]) return false;
    const Use use = (*use_)[a];
    if (!using_opioids(use)) return false;
    const int group = use == Use::injecting ? 2 : 1;
    const int age = std::clamp(w.age(a), life_table::kFirstAge, life_table::kLastAge) - life_table::kFirstAge;
    return death_.below(w.step, pop.id[a], p_excess_[group][static_cast<int>(pop.sex[a])][age]);
  });
  for (AgentId a : drug_related) pop.die(a);
  const auto excess = static_cast<std::int64_t>(drug_related.size());
  w.outcomes.add(deaths_other_causes_, background + excess);
  w.outcomes.add(deaths_drug_related_, excess);
  w.outcomes.add(deaths_background_, background);
}

void Demography::accounting(World& w) {
  w.outcomes.set(deaths_all_cause_, w.pop.deaths() - deaths_before_);
}

void Demography::cleanup(World& w) {
  if (replaced_)
    enter(w, static_cast<std::size_t>(std::max<std::int64_t>(0, cohort_size_ - living(w, *replaced_))),
          age_replacement_);
  else
    enter(w, static_cast<std::size_t>(entries_.take(entries_per_step_)), life_table::kFirstAge);
  w.outcomes.set(alive_, w.pop.living());
}

void Demography::enter(World& w, std::size_t n, int age) {
  if (n == 0) return;
  const AgentId first = w.pop.add(n);
  for (AgentId a = first; a < first + n; ++a) {
    w.pop.sex[a] = entry_sex_.below(0, w.pop.id[a], p_male_at_entry_) ? Sex::male : Sex::female;
    // `age` at the start of the next step.
    w.pop.birth_step[a] = static_cast<std::int32_t>(w.step + 1 - age * kStepsPerYear);
    due_.file(background_death(w, a, w.step + 1), a);
    if (recruit_) (*recruit_)(w, a);
  }
  w.outcomes.add(entered_, static_cast<std::int64_t>(n));
}

}  // namespace harmsim
