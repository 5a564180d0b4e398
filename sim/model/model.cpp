#include "model/model.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "core/eligibility.hpp"
#include "model/services.hpp"
#include "modules/community.hpp"

namespace harmsim {

namespace {

// The behaviour and disease modules, each built after the modules it reads.
struct Modules {
  explicit Modules(Setup& setup)
      : demography(std::make_unique<Demography>(setup)),
        opioid_use(std::make_unique<OpioidUse>(setup, *demography)),
        injection_network(
            std::make_unique<InjectionNetwork>(setup, demography->adults(), opioid_use->share_injecting_initial())),
        hiv(std::make_unique<Hiv>(setup, *injection_network)),
        hcv(std::make_unique<Hcv>(setup, *injection_network)),
        overdose(std::make_unique<Overdose>(setup, *opioid_use, *injection_network)),
        community{*demography, *opioid_use, *injection_network, *hiv, *hcv, *overdose} {}

  std::vector<Component> components() {
    std::vector<Component> out;
    out.push_back({"demography", std::move(demography), {}});
    out.push_back({"opioid_use", std::move(opioid_use), {}});
    out.push_back({"injection_network", std::move(injection_network), {}});
    out.push_back({"hiv", std::move(hiv), {}});
    out.push_back({"hcv", std::move(hcv), {}});
    out.push_back({"overdose", std::move(overdose), {}});
    return out;
  }

  std::unique_ptr<Demography> demography;
  std::unique_ptr<OpioidUse> opioid_use;
  std::unique_ptr<InjectionNetwork> injection_network;
  std::unique_ptr<Hiv> hiv;
  std::unique_ptr<Hcv> hcv;
  std::unique_ptr<Overdose> overdose;
  Community community;
};

// Whether the scenario switches service `s` on.
bool enabled(Setup& setup, const ServiceEntry& s) {
  return setup.flag({s.name + ".enabled", s.enabled_by_default ? 1.0 : 0.0, "switch", 0, 1,
                     "Whether the service runs (true or false); a service switched off costs nothing.",
                     "Choice of the analyst; the defaults describe the US status quo."});
}

// Each service acts only after services that exist (a misspelt name is a bug).
void check_registry() {
  for (const ServiceEntry& s : services())
    for (const std::string& before : s.after)
      if (std::none_of(services().begin(), services().end(), [&](const ServiceEntry& o) { return o.name == before; }))
        throw std::logic_error("service " + s.name + " acts after " + before + ", which is no service");
}

std::vector<Component> assemble(Setup& setup) {
  check_registry();
  Modules modules(setup);
  std::vector<Component> all = modules.components();
  // A service switched off is built against a world of its own that nothing runs, so
  // its parameters are declared and checked, its outcomes declared (and left at zero),
  // and nothing here changes. Every service is built in registry order, on or off, so
  // parameters and outcomes come in the same order whichever services a scenario runs.
  World scratch;
  std::optional<Modules> others;
  for (const ServiceEntry& s : services()) {
    if (enabled(setup, s)) {
      all.push_back({s.name, s.make(setup, modules.community), s.after});
      continue;
    }
    if (!others) {
      Setup modules_elsewhere = setup.elsewhere(scratch, false);
      others.emplace(modules_elsewhere);
    }
    Setup elsewhere = setup.elsewhere(scratch, true);
    const auto before = scratch.groups.terms();
    s.make(elsewhere, others->community);
    std::vector<std::string> terms;
    for (const auto& [name, term] : scratch.groups.terms())
      if (!before.count(name)) terms.push_back(name);
    setup.switched_off(s.name, s.name + ".enabled", terms);
  }
  return all;
}

}  // namespace

Model::Model(const Scenario* scenario, rng::Key key, std::size_t grain) : Simulation(assemble, scenario, key, grain) {}

const ParameterTable& Model::parameters() {
  // Declared by a model with every default: no agent exists and nothing runs.
  static const ParameterTable table = Model(nullptr, rng::Key{}).table();
  return table;
}

const std::vector<Term>& Model::vocabulary() {
  static const std::vector<Term> terms = [] {
    // Every service switched on, so each publishes its groups.
    Scenario all_on(parameters());
    for (const ServiceEntry& s : services()) all_on.set(s.name + ".enabled", "true", "default", "");
    const Model model(&all_on, rng::Key{});
    std::vector<Term> all = Eligibility::built_in();
    for (const auto& [name, term] : model.world().groups.terms())
      all.push_back({term.name, term.description, term.argument, {}, nullptr});  // kept for their words only
    std::sort(all.begin(), all.end(), [](const Term& a, const Term& b) { return a.name < b.name; });
    return all;
  }();
  return terms;
}

}  // namespace harmsim
