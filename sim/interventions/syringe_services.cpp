#include "interventions/syringe_services.hpp"

#include <algorithm>

#include "core/parallel.hpp"
#include "units/time.hpp"

namespace harmsim {

SyringeServices::SyringeServices(Setup& setup, Community& community)
    : coverage_(setup.schedule({"ssp.coverage", 0.55, "share of people injecting", 0, 1,
                                "Share of people injecting who are SSP clients (the program's reach).",
                                "NHBS 2018, 23 US cities: 55% of PWID used an SSP in the past 12 months "
                                "(2015: 52%) [V]."})),
      capacity_(setup.value({"ssp.capacity_clients", 0, "clients", 0, 1e7,
                             "Most clients the program can serve at once; 0 = no limit.",
                             "[ASSUMPTION] set to the program's budgeted capacity.", false, true})),
      p_leave_(step_probability(1.0 / setup.value({"ssp.dur_client", 1, "years", 0.02, 50,
                                                   "Mean time a person stays an SSP client (turnover; the "
                                                   "share of clients is set by coverage).",
                                                   "[ASSUMPTION, calibrate] no US source found."}))),
      rel_sharing_(setup.value({"ssp.rel_sharing", 0.7, "multiplier", 0, 1,
                                "Receptive syringe sharing of clients relative to non-clients.",
                                "Hagan H, Thiede H 2000, J Urban Health 77(3):369, doi:10.1007/BF02386747: "
                                "Seattle cohort, OR 0.7 for receptive syringe sharing [V]."})),
      rel_cessation_(setup.value({"ssp.rel_cessation", 2.5, "multiplier", 1, 10,
                                  "Cessation of injecting of clients relative to non-clients.",
                                  "Hagan H et al. 2000, J Subst Abuse Treat 19(3):247, "
                                  "doi:10.1016/s0740-5472(00)00104-5: former exchangers ARR 3.5 (2.1-5.9) "
                                  "for stopping injection [V]; 2.5 is conservative for self-selection "
                                  "[ASSUMPTION]."})),
      use_(setup.state_of<Use>(use_names::kState)),
      injectors_(setup.group(use_names::kInjecting)),
      client_(setup.state<std::uint8_t>("ssp.client", 0)),
      sharing_lane_(setup.lane(community.injection_network.rel_sharing(), "ssp")),
      cessation_lane_(setup.lane(community.opioid_use.rel_cessation(), "ssp")),
      client_sharing_(sharing_lane_.level(rel_sharing_)),
      client_cessation_(cessation_lane_.level(rel_cessation_)),
      clients_(setup.publish(kClients)),
      initial_(setup.stream("ssp.initial")),
      join_(setup.stream("ssp.join")),
      leave_(setup.stream("ssp.leave")),
      clients_stock_(setup.outcome({"ssp_clients", Measure::stock, "people",
                                    "People injecting who are SSP clients at the end of the step.", true})),
      turnover_(setup.outcome({"ssp_client_turnover", Measure::flow, "people",
                               "Clients who leave the program while still injecting (turnover; those who stop "
                               "injecting or die leave too, and are not counted here)."})),
      client_weeks_(setup.outcome(
          {"person_years_ssp_client", Measure::person_time, "person-years", "Person-time as an SSP client."})) {
  // Events and person-time of clients are counted apart (e.g. injecting_cessations_ssp_client).
  setup.status("ssp_client", "SSP clients", client_);
}

double SyringeServices::room(std::size_t clients) const {
  return capacity_ > 0 ? std::max(0.0, capacity_ - static_cast<double>(clients)) : 1e18;
}

std::vector<AgentId> SyringeServices::enrol(World& w, const rng::Stream& stream, double p, double room) {
  std::vector<std::pair<double, AgentId>> drawn;
  for (AgentId a : injectors_)
    if (w.pop.alive[a] && !client_[a])
      if (const double u = stream.uniform(w.step, a); u < p) drawn.emplace_back(u, a);
  if (static_cast<double>(drawn.size()) > room) {
    std::sort(drawn.begin(), drawn.end());
    drawn.resize(static_cast<std::size_t>(room));
  }
  std::vector<AgentId> joined;
  for (const auto& [u, a] : drawn) {
    set_client(a, true);
    joined.push_back(a);
  }
  std::sort(joined.begin(), joined.end());
  return joined;
}

void SyringeServices::set_client(AgentId a, bool client) {
  client_[a] = client;
  sharing_lane_.set(a, client ? client_sharing_ : ModifierLane::kOne);
  cessation_lane_.set(a, client ? client_cessation_ : ModifierLane::kOne);
}

void SyringeServices::initialise(World& w) {
  clients_ = enrol(w, initial_, coverage_.at(w.week()), room(0));
}

void SyringeServices::services(World& w) {
  // People who stopped injecting or died leave; others leave at 1 / dur_client.
  std::vector<AgentId> staying;
  staying.reserve(clients_.size());
  std::int64_t turnover = 0;
  for (AgentId a : clients_) {
    const bool injecting = w.pop.alive[a] && use_[a] == Use::injecting;
    const bool leaves = injecting && leave_.uniform(w.step, a) < p_leave_;
    if (injecting && !leaves) {
      staying.push_back(a);
    } else {
      set_client(a, false);
      turnover += leaves;
    }
  }
  w.outcomes.add(turnover_, turnover);
  std::int64_t injecting = 0;
  for (AgentId a : injectors_) injecting += w.pop.alive[a];
  const double target = coverage_.at(w.week()) * static_cast<double>(injecting);
  const double eligible = static_cast<double>(injecting) - static_cast<double>(staying.size());
  const double p_join =
      eligible > 0 ? std::clamp((target - static_cast<double>(staying.size())) / eligible, 0.0, 1.0) : 0.0;
  const std::vector<AgentId> joining = enrol(w, join_, p_join, room(staying.size()));

  clients_.clear();
  std::merge(staying.begin(), staying.end(), joining.begin(), joining.end(), std::back_inserter(clients_));
  w.outcomes.add(client_weeks_, static_cast<std::int64_t>(clients_.size()));
}

void SyringeServices::accounting(World& w) {
  std::int64_t n = 0;
  for (AgentId a : clients_) n += w.pop.alive[a] ? 1 : 0;
  w.outcomes.set(clients_stock_, n);
}

}  // namespace harmsim
