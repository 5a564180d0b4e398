// The simulation: modules act in each phase in their declared order.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/simulation.hpp"

using namespace harmsim;

namespace {
// A module that notes its name each time it acts in the services phase.
class Recorder final : public Module {
 public:
  Recorder(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
  void services(World&) override { log_.push_back(name_); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
};
}  // namespace

TEST_CASE("modules act after the modules they name, whatever order they are built in") {
  std::vector<std::string> log;
  const auto assemble = [&](Setup&) {
    std::vector<Component> built;
    // Built in reverse of the order they must act in; "d" names a module that is absent.
    built.push_back({"c", std::make_unique<Recorder>("c", log), {"b"}});
    built.push_back({"b", std::make_unique<Recorder>("b", log), {"a", "d"}});
    built.push_back({"a", std::make_unique<Recorder>("a", log), {}});
    built.push_back({"e", std::make_unique<Recorder>("e", log), {}});
    return built;
  };
  Simulation sim(assemble, nullptr, {});
  CHECK(sim.acting_order() == std::vector<std::string>{"a", "b", "c", "e"});
  sim.step();
  CHECK(log == std::vector<std::string>{"a", "b", "c", "e"});
}

TEST_CASE("modules that wait for each other are a bug, found when the simulation is built") {
  std::vector<std::string> log;
  const auto assemble = [&](Setup&) {
    std::vector<Component> built;
    built.push_back({"a", std::make_unique<Recorder>("a", log), {"b"}});
    built.push_back({"b", std::make_unique<Recorder>("b", log), {"a"}});
    return built;
  };
  CHECK_THROWS_AS(Simulation(assemble, nullptr, {}), std::logic_error);
}
