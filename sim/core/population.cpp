#include "core/population.hpp"

namespace harmsim {

Population::Population()
    : alive(declare<std::uint8_t>("alive", 1)),
      sex(declare<Sex>("sex", Sex::female)),
      birth_step(declare<std::int32_t>("birth_step", 0)) {}

AgentId Population::add(std::size_t n) {
  const std::size_t first = size_;
  if (first + n > std::size_t{0xFFFFFFF0u}) throw std::length_error("population exceeds the agent id space");
  size_ += n;
  for (auto& [name, state] : states_) state->resize(size_);
  return static_cast<AgentId>(first);
}

void Population::reserve(std::size_t n) {
  for (auto& [name, state] : states_) state->reserve(n);
}

std::size_t Population::bytes_per_agent() const {
  std::size_t bytes = 0;
  for (const auto& [name, state] : states_) bytes += state->bytes_per_agent();
  return bytes;
}

}  // namespace harmsim
