// Opioid use as other modules read it: each person's route and history (the variable
// "opioid_use.use", owned by the opioid use module) and the groups it publishes.
#pragma once

#include <cstdint>

namespace harmsim {

// Former users remember whether they injected, because relapse returns people to the
// route they used.
enum class Use : std::uint8_t { never, noninjecting, injecting, former_noninjecting, former_injecting };

inline bool using_opioids(Use u) {
  return u == Use::noninjecting || u == Use::injecting;
}

// Whether a person has ever injected (current or former), the group the initial
// prevalences of blood-borne infections refer to.
inline bool ever_injected(Use u) {
  return u == Use::injecting || u == Use::former_injecting;
}

namespace use_names {
inline constexpr const char* kState = "opioid_use.use";
// People using opioids, and the subset injecting, alive at the end of the substance-use
// phase (later phases skip those who die).
inline constexpr const char* kUsing = "using_opioids";
inline constexpr const char* kInjecting = "injecting";
// People who inject or have injected, alive at the end of the substance-use phase.
inline constexpr const char* kEverInjected = "ever_injected";
}  // namespace use_names

}  // namespace harmsim
