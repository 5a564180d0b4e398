// Where services send the people they refer: each service that takes referrals opens a
// desk under its name, and a referring service finds it by name, so services know one
// another only by name. A service switched off is listed as closed, so a referral to it
// is refused with a reason rather than as an unknown name.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/lookup.hpp"
#include "core/population.hpp"

namespace harmsim {

struct World;

class Referrals {
 public:
  // Takes one referred person (called serially).
  using Desk = std::function<void(const World&, AgentId)>;

  void open(const std::string& service, Desk desk) {
    if (!desks_.emplace(service, std::move(desk)).second)
      throw std::logic_error("referral desk opened twice: " + service);
  }
  // A service switched off; `switch_` says where, e.g. "arm.ini:4: ssp.enabled = false".
  void close(const std::string& service, const std::string& switch_) { closed_.emplace(service, switch_); }

  // The desk of `service`, or null if it takes no referrals.
  const Desk* find(const std::string& service) const { return find_or_null(desks_, service); }
  // Where `service` was switched off, or null if it was not.
  const std::string* closed(const std::string& service) const { return find_or_null(closed_, service); }
  std::vector<std::string> open_desks() const { return keys_of(desks_); }

 private:
  std::map<std::string, Desk> desks_;
  std::map<std::string, std::string> closed_;
};

}  // namespace harmsim
