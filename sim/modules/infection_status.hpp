// HIV and HCV status packed into one byte per agent (the shared variable
// "infection.status"), so that partner look-ups during transmission read a single
// small array.
// Bits 0-1: HIV stage; bits 2-3: HCV state.
#pragma once

#include <cstdint>

namespace harmsim::infection {

inline constexpr const char* kState = "infection.status";

enum class HivStage : std::uint8_t { negative = 0, acute = 1, chronic = 2 };
// `cleared`: antibody-positive after spontaneous clearance, susceptible to reinfection.
enum class HcvState : std::uint8_t { never = 0, acute = 1, chronic = 2, cleared = 3 };

inline HivStage hiv(std::uint8_t s) {
  return static_cast<HivStage>(s & 0x3u);
}
inline HcvState hcv(std::uint8_t s) {
  return static_cast<HcvState>((s >> 2) & 0x3u);
}

inline std::uint8_t with(std::uint8_t s, HivStage h) {
  return static_cast<std::uint8_t>((s & ~0x3u) | static_cast<std::uint8_t>(h));
}
inline std::uint8_t with(std::uint8_t s, HcvState h) {
  return static_cast<std::uint8_t>((s & ~0xCu) | (static_cast<std::uint8_t>(h) << 2));
}

}  // namespace harmsim::infection
