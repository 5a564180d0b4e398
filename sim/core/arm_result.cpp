#include "core/arm_result.hpp"

#include <stdexcept>

namespace harmsim {

std::size_t ArmResult::outcome_index(const std::string& name) const {
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].name == name) return i;
  throw std::out_of_range("no outcome named " + name);
}

double ArmResult::rate(std::size_t r, std::size_t k) const {
  const double person_years = total(r, outcome_index(rates[k].denominator));
  return person_years > 0 ? 100.0 * total(r, outcome_index(rates[k].numerator)) / person_years : 0.0;
}

}  // namespace harmsim
