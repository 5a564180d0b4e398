// Where services send the people they refer: each service that takes referrals opens a
// desk under its name, and a referring service finds it by name, so services know one
// another only by name. A service switched off is listed as closed, so a referral to it
// is refused with a reason rather than as an unknown name.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

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
  void close(const std::string& service) { closed_.push_back(service); }

  // The desk of `service`, or null if it takes no referrals.
  const Desk* find(const std::string& service) const {
    const auto it = desks_.find(service);
    return it == desks_.end() ? nullptr : &it->second;
  }
  bool closed(const std::string& service) const {
    return std::find(closed_.begin(), closed_.end(), service) != closed_.end();
  }
  std::vector<std::string> open_desks() const {
    std::vector<std::string> names;
    for (const auto& [name, desk] : desks_) names.push_back(name);
    return names;
  }

 private:
  std::map<std::string, Desk> desks_;
  std::vector<std::string> closed_;
};

}  // namespace harmsim
