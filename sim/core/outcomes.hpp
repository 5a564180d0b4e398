// Outcomes recorded each reported step: flows (events during the step), stocks (counts
// at the end of the step) and person-time at risk (denominators for rates per 100
// person-years). Counters are integers, so totals do not depend on the order in which
// parallel loops add to them.
//
// Stratified outcomes are split by the statuses services publish (being an SSP client,
// ...): a stratified outcome X gets X_<status> beside it, counting only the events and
// person-time of agents with that status, so the rate of X in and out of the service is
// X_<status> / PT_<status> and (X - X_<status>) / (PT - PT_<status>).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/population.hpp"

namespace harmsim {

enum class Measure {
  flow,         // events during the step; whole-run total = sum
  stock,        // count at the end of the step; whole-run total = last value
  person_time,  // person-weeks at risk during the step, reported in person-years; total = sum
};

struct OutcomeSpec {
  std::string name;
  Measure measure = Measure::flow;
  std::string units;
  std::string description;
  bool headline = false;    // shown in the summary table
  bool stratified = false;  // split by the statuses services publish
};

// A rate per 100 person-years derived from two outcomes, computed on whole-run totals.
struct RateSpec {
  std::string name;
  std::string numerator;    // a flow
  std::string denominator;  // a person-time outcome
  std::string description;
};

using OutcomeId = std::size_t;

class Outcomes {
 public:
  OutcomeId declare(OutcomeSpec spec);
  void declare_rate(RateSpec spec) { rates_.push_back(std::move(spec)); }

  // A status services publish (e.g. "ssp_client"): every stratified outcome, declared
  // before or after, gets its stratum. With `flag` null (the service is switched off) the strata are
  // declared but stay zero, so every arm has the same outcomes.
  void stratify_by(const std::string& status, const std::string& description, const State<std::uint8_t>* flag);

  // Thread-safe: adds to this step's counter.
  void add(OutcomeId id, std::int64_t n = 1) { current_[id].fetch_add(n, std::memory_order_relaxed); }
  // Thread-safe: n events of agent `a`, in the outcome and in each stratum `a` is in.
  void add_event(OutcomeId id, AgentId a, std::int64_t n = 1) {
    add(id, n);
    for (const Stratum& s : strata_[id])
      if (s.flag && (*s.flag)[a]) add(s.id, n);
  }
  // The members of `group` for whom `counts(a)` holds, in the outcome and its strata
  // (person-weeks at risk, for instance).
  template <class Counts>
  void add_members(OutcomeId id, const std::vector<AgentId>& group, Counts&& counts) {
    static_assert(std::is_same_v<std::invoke_result_t<Counts&, AgentId>, bool>, "counts(a) says whether a counts");
    const std::vector<Stratum>& strata = strata_[id];
    std::int64_t n = 0;
    std::vector<std::int64_t> in(strata.size());
    for (AgentId a : group) {  // one pass for the outcome and all its strata
      if (!counts(a)) continue;
      ++n;
      for (std::size_t k = 0; k < strata.size(); ++k) in[k] += strata[k].flag && (*strata[k].flag)[a];
    }
    add(id, n);
    for (std::size_t k = 0; k < strata.size(); ++k)
      if (strata[k].flag) add(strata[k].id, in[k]);
  }
  // Sets this step's value of a stock.
  void set(OutcomeId id, std::int64_t v) { current_[id].store(v, std::memory_order_relaxed); }

  // Ends the step: appends this step's values to the series if `record`, then clears
  // the counters.
  void end_step(bool record);

  const std::vector<OutcomeSpec>& specs() const { return specs_; }
  const std::vector<RateSpec>& rates() const { return rates_; }
  // Recorded values of one outcome, one per reported step (person-time in person-weeks).
  const std::vector<std::int64_t>& series(OutcomeId id) const { return series_[id]; }
  // Whole-run total of a recorded outcome: flows and person-time summed (person-time in
  // person-years), stocks at the last step.
  double total(OutcomeId id) const;
  OutcomeId id(const std::string& name) const;

 private:
  struct Stratum {
    OutcomeId id;
    const State<std::uint8_t>* flag;
  };
  struct Status {
    std::string name, description;
    const State<std::uint8_t>* flag;
  };
  void add_stratum(OutcomeId id, const Status& status);

  std::vector<OutcomeSpec> specs_;
  std::vector<RateSpec> rates_;
  std::vector<std::vector<Stratum>> strata_;  // by outcome
  std::vector<Status> statuses_;
  std::unique_ptr<std::atomic<std::int64_t>[]> current_;
  std::size_t capacity_ = 0;
  std::vector<std::vector<std::int64_t>> series_;
};

}  // namespace harmsim
