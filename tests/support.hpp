// Helpers shared by the tests: scenarios built from defaults plus overrides, runs of
// small communities, and temporary directories.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "model/model.hpp"
#include "modules/infection_status.hpp"
#include "modules/injection_network.hpp"
#include "modules/use_state.hpp"
#include "params/scenario.hpp"
#include "run/runner.hpp"

namespace harmsim::test {

using Settings = std::vector<std::pair<std::string, std::string>>;

// What the modules publish, as the tests read it: everyone's opioid use, the infection
// status byte, and named groups of agents.
inline const State<Use>& use_of(const World& w) {
  return w.pop.get<Use>(use_names::kState);
}
inline const State<std::uint8_t>& infection_of(const World& w) {
  return w.pop.get<std::uint8_t>(infection::kState);
}
inline const Group& group(const World& w, const std::string& name) {
  return w.groups.get(name);
}
inline const InjectionNetwork& network_of(const Model& model) {
  return dynamic_cast<const InjectionNetwork&>(*model.module("injection_network"));
}
// The persistent id of the person in slot `a`, as an index (ids run from 0 to
// pop.entered() - 1): what observers key a person's records by across steps.
inline std::size_t person(const World& w, std::size_t a) {
  return static_cast<std::size_t>(w.pop.id[a]);
}
// Whether each person (by persistent id) is alive now: the dead may no longer hold a slot.
inline std::vector<std::uint8_t> living_by_person(const World& w) {
  std::vector<std::uint8_t> living(static_cast<std::size_t>(w.pop.entered()), 0);
  for (std::size_t a = 0; a < w.pop.size(); ++a) living[person(w, a)] = w.pop.alive[a];
  return living;
}

const ParameterTable& table();

// The declared defaults with `settings` applied (key, value text).
Scenario scenario(const Settings& settings);

// A small community (adults, years, replicates) with extra settings on top. The slots
// of the dead are released after every step, so observers that follow people from one
// step to the next do so by persistent id (person()), never by slot.
Scenario small_community(int adults, double years, int replicates, const Settings& extra = {});

// A run that also keeps every replicate's series as the result file receives them:
// series[r][o][t] (person-time in person-weeks).
struct Recorded {
  ArmResult arm;
  std::vector<std::vector<std::vector<std::int64_t>>> series;
};
Recorded run_recorded(const Scenario& s, std::size_t grain = 0);

// Per-replicate totals of an outcome (flows summed, stocks at the end).
std::vector<double> totals(const ArmResult& arm, const std::string& outcome);

// k successes in n independent Bernoulli trials of probability p lie within 4 standard
// errors of n p (a test of this kind fails a correct model about once in 15,000 runs).
// Trials need only be independent given the past: person-weeks of one person are
// separate trials, because every week's draw is new, so the count is a martingale with
// variance n p (1 - p).
void check_binomial(double k, double n, double p);

// The sum over replicates of an outcome's whole-run totals.
double sum_of(const ArmResult& arm, const std::string& outcome);

// People who use opioids by one route only, who neither start nor stop, with no excess
// mortality beyond the life table's and no naloxone: every mechanism acting on them can
// be measured against its rate without the others moving the denominators.
Settings closed_use(Use route, double share = 0.1);

// An open cohort of people who inject, as scenarios/pwid_cohort.ini: everyone younger
// than 70 injects at the start, nobody starts using otherwise, and those who stop or die
// are replaced by people starting to inject; `extra` settings are added after these.
Settings injecting_cohort(const Settings& extra = {});

double mean(const std::vector<double>& v);
double standard_deviation(const std::vector<double>& v);

// Per-replicate differences a[r] - b[r] (arms share random numbers, so they pair).
std::vector<double> paired_difference(const std::vector<double>& a, const std::vector<double>& b);

// Monotone behaviour across policy levels, each a vector of per-replicate values under
// common random numbers: no step to a higher level raises the mean by more than 4
// paired standard errors (beyond that it would be a real increase, not noise), and
// the first level exceeds the last by more than 4 paired standard errors (the effect
// is real, so the first check could fail).
void check_never_raised_and_lowered(const std::vector<std::vector<double>>& by_level);

// Runs `s` (replicate key) step by step, calling before_step(model) before and
// after_step(model) after every step.
template <class BeforeStep, class AfterStep>
void step_through(const Scenario& s, rng::Key key, BeforeStep&& before_step, AfterStep&& after_step) {
  Model model(&s, key);
  model.initialise();
  const std::int64_t steps = model.run().burn_in_steps() + model.run().steps();
  for (std::int64_t t = 0; t < steps; ++t) {
    before_step(model);
    model.step();
    after_step(model);
  }
}

template <class AfterStep>
void step_through(const Scenario& s, rng::Key key, AfterStep&& after_step) {
  step_through(
      s, key, [](const Model&) {}, after_step);
}

// How the real harmsim binary is started, through /bin/sh: `limits` are shell commands
// run first ("trap '' XFSZ; ulimit -f 100;"), `wrapper` a command that runs it ("strace
// -o trace.txt"); `args` are shell words.
struct Launch {
  std::string limits;
  std::string wrapper;
};
struct Invocation {
  int status = -1;  // exit status; -1 if it ended by a signal
  std::string out, err;
  std::string output;  // standard output, then standard error
};
Invocation invoke(const std::string& args, const Launch& launch = {});

// The whole contents of a file ("" if it cannot be read).
std::string read_file(const std::filesystem::path& p);

// The weeks agents spend in a state, as observed after each step, and how many of them
// ended in leaving it while the agent lived (a week ending in death is not counted: the
// agent was no longer at risk of leaving).
struct StateExits {
  double weeks = 0, exits = 0;
};
template <class InState>
StateExits observe_exits(const Scenario& s, rng::Key key, InState&& in_state) {
  StateExits out;
  std::vector<std::uint8_t> was;  // by person
  step_through(s, key, [&](const Model& model) {
    const World& w = model.world();
    for (std::size_t a = 0; a < w.pop.size(); ++a) {
      if (person(w, a) >= was.size() || !was[person(w, a)] || !w.pop.alive[a]) continue;
      out.weeks += 1;
      out.exits += !in_state(w, static_cast<AgentId>(a));
    }
    was.assign(static_cast<std::size_t>(w.pop.entered()), 0);
    for (std::size_t a = 0; a < w.pop.size(); ++a)
      was[person(w, a)] = w.pop.alive[a] && in_state(w, static_cast<AgentId>(a));
  });
  return out;
}

// A state left each week with probability p is left Binomial(weeks, p) times (see
// check_binomial); its stays last a geometric number of weeks, mean 1/p (dur + 1/2
// for p = 1 - exp(-1/dur)).
void check_exit_probability(const StateExits& observed, double p);

// A fresh directory under the system temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace harmsim::test
