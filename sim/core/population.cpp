#include "core/population.hpp"

namespace harmsim {

Population::Population()
    : id(declare<rng::Person>("id", rng::Person{})),
      alive(declare<std::uint8_t>("alive", 1)),
      sex(declare<Sex>("sex", Sex::female)),
      birth_step(declare<std::int32_t>("birth_step", 0)) {}

AgentId Population::add(std::size_t n) {
  const std::size_t first = size_;
  if (std::size_t{next_id_} + n > std::size_t{0xFFFFFFF0u})
    throw std::length_error("more people entered than persistent ids can tell apart");
  size_ += n;
  for (auto& [name, state] : states_) state->resize(size_);
  for (std::size_t a = first; a < size_; ++a) id[a] = rng::Person{next_id_++};
  return static_cast<AgentId>(first);
}

void Population::release(const Relocation& r) {
  for (auto& [name, state] : states_) state->relocate(r);
  released_ += static_cast<std::int64_t>(r.slots() - r.kept());
  size_ = r.kept();
  died_.clear();  // their slots are gone; a step's dead are read within the step
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
