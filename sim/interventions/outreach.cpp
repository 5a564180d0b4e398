#include "interventions/outreach.hpp"

namespace harmsim {

namespace {

constexpr const char* kReview =
    "Mercer F, Miler JA et al. 2021, Int J Environ Res Public Health 18(22):12073, doi:10.3390/ijerph182212073: "
    "peers create trusted services and are essential to the acceptability of overdose prevention (thematic "
    "synthesis of 46 papers; no pooled effect size) [V]";

}  // namespace

Outreach::Outreach(Setup& setup, Community& /*community*/)
    : DeliveredService(
          setup, {"outreach", "people in contact with outreach workers", "using_opioids", std::string(kReview) + ".",
                  true, 0.2, std::string("[ASSUMPTION, calibrate] ") + kReview + "; no US coverage figure found.", 0.25,
                  "[ASSUMPTION, calibrate] an outreach contact episode of about three months.", "ssp", 0.3,
                  std::string("[ASSUMPTION, calibrate] ") + kReview + "."}) {}

}  // namespace harmsim
