#include "model/services.hpp"

#include "interventions/naloxone.hpp"
#include "interventions/outreach.hpp"
#include "interventions/syringe_services.hpp"

namespace harmsim {

namespace {

template <class Service>
ServiceEntry service(std::string name, bool enabled_by_default, std::vector<std::string> after = {}) {
  return {std::move(name), enabled_by_default, std::move(after),
          [](Setup& setup, Community& community) { return std::make_unique<Service>(setup, community); }};
}

}  // namespace

const std::vector<ServiceEntry>& services() {
  static const std::vector<ServiceEntry> all = {
      service<SyringeServices>(SyringeServices::kService, true),
      service<Naloxone>("naloxone", true, {"ssp"}),  // kits reach SSP clients of this week
      service<Outreach>("outreach", false),
  };
  return all;
}

}  // namespace harmsim
