// Who a service may reach, written in the scenario file as an expression over the
// terms modules publish (core/groups.hpp), e.g.
//
//   injecting and not ssp_clients
//   using_opioids and (overdose_within(12) or age < 30)
//
// Grammar (README, "Eligibility"): `or` binds loosest, then `and`, then `not`;
// parentheses group. An atom is a published term (`injecting`), a term with its number
// (`overdose_within(12)`), a comparison of age in whole years (`age >= 25`, with <, <=,
// >, >=, =, !=), `female`, `male`, or `everyone`. Names are case-sensitive.
//
// An expression is parsed when the scenario is read (syntax errors), and bound to the
// model's vocabulary once every module has published its terms (unknown names).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/groups.hpp"

namespace harmsim {

struct World;

class Eligibility {
 public:
  // Parses `text`; throws std::invalid_argument saying at which column and what was
  // expected.
  explicit Eligibility(const std::string& text);

  // Finds every name among `groups`' terms; throws std::invalid_argument naming an
  // unknown name with the nearest known ones, or a term given the wrong arguments.
  void bind(const Groups& groups);

  // Whether living agent `a` is eligible now (after bind).
  bool operator()(const World& w, AgentId a) const { return holds(w, a, root_); }

  // The living eligible agents, in ascending id order. Only the members of the
  // published groups the expression confines them to are tested (e.g. the people
  // injecting for "injecting and age < 30"); an expression no group confines, such as
  // "age < 30", tests everyone.
  std::vector<AgentId> members(const World& w) const;

  // The terms every expression may use besides the published ones: age, female, male,
  // everyone.
  static std::vector<Term> built_in();

 private:
  enum class Op : std::uint8_t { everyone, term, age, female, male, negation, conjunction, disjunction };
  enum class Compare : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };
  struct Node {
    Op op;
    int left = -1, right = -1;  // operands of not, and, or
    std::string name = {};      // of a term
    bool has_argument = false;
    double number = 0;  // the term's argument, or the age compared with
    Compare compare = Compare::equal;
    std::size_t column = 0;  // where it was written, for messages
    const Term* term = nullptr;
  };
  class Parser;

  bool holds(const World& w, AgentId a, int node) const;
  static bool compare(double x, Compare how, double y);
  // The published groups whose union holds every agent for whom `node` holds, or
  // false if none do (the node may hold for anyone).
  bool confine(int node, std::vector<const Group*>& groups) const;

  std::vector<Node> nodes_;
  int root_ = -1;
};

}  // namespace harmsim
