#include "core/outcomes.hpp"

#include <numeric>
#include <stdexcept>

#include "units/time.hpp"

namespace harmsim {

OutcomeId Outcomes::declare(OutcomeSpec spec) {
  for (const auto& s : specs_)
    if (s.name == spec.name) throw std::logic_error("outcome declared twice: " + spec.name);
  if (specs_.size() == capacity_) {
    // Declarations happen once, before the run; grow the counter array then.
    const std::size_t capacity = capacity_ == 0 ? 32 : 2 * capacity_;
    auto grown = std::make_unique<std::atomic<std::int64_t>[]>(capacity);
    for (std::size_t i = 0; i < capacity; ++i) grown[i].store(i < capacity_ ? current_[i].load() : 0);
    current_ = std::move(grown);
    capacity_ = capacity;
  }
  const bool stratified = spec.stratified;
  specs_.push_back(std::move(spec));
  series_.emplace_back();
  strata_.emplace_back();
  const OutcomeId id = specs_.size() - 1;
  // Declared after a status was published, it gets that stratum too.
  if (stratified)
    for (const Status& status : statuses_) add_stratum(id, status);
  return id;
}

void Outcomes::stratify_by(const std::string& status, const std::string& description, const State<std::uint8_t>* flag) {
  statuses_.push_back({status, description, flag});
  const std::size_t declared = specs_.size();
  for (OutcomeId id = 0; id < declared; ++id)
    if (specs_[id].stratified) add_stratum(id, statuses_.back());
}

void Outcomes::add_stratum(OutcomeId id, const Status& status) {
  OutcomeSpec stratum = specs_[id];
  stratum.name += "_" + status.name;
  stratum.description += " Only " + status.description + " (a part of " + specs_[id].name + ").";
  stratum.headline = false;
  stratum.stratified = false;
  const OutcomeId stratum_id = declare(std::move(stratum));
  strata_[id].push_back({stratum_id, status.flag});
}

void Outcomes::end_step(bool record) {
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (record) series_[i].push_back(current_[i].load(std::memory_order_relaxed));
    current_[i].store(0, std::memory_order_relaxed);
  }
}

double Outcomes::total(OutcomeId id) const {
  const auto& s = series_[id];
  if (s.empty()) return 0;
  switch (specs_[id].measure) {
    case Measure::stock:
      return static_cast<double>(s.back());
    case Measure::person_time:
      return static_cast<double>(std::accumulate(s.begin(), s.end(), std::int64_t{0})) / kStepsPerYear;
    case Measure::flow:
      break;
  }
  return static_cast<double>(std::accumulate(s.begin(), s.end(), std::int64_t{0}));
}

OutcomeId Outcomes::id(const std::string& name) const {
  for (std::size_t i = 0; i < specs_.size(); ++i)
    if (specs_[i].name == name) return i;
  throw std::out_of_range("no outcome named " + name);
}

}  // namespace harmsim
