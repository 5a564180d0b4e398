#include "core/eligibility.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "core/parallel.hpp"
#include "params/text.hpp"

namespace harmsim {

namespace {

const std::vector<std::string> kKeywords = {"and", "or", "not"};

std::string at_column(std::size_t column) {
  return "column " + std::to_string(column + 1) + ": ";
}

// Every message names the column it is about and is a sentence.
[[noreturn]] void fail(std::size_t column, const std::string& message) {
  throw std::invalid_argument(at_column(column) + message + ".");
}

}  // namespace

// Recursive descent over the grammar in the header; nodes are appended as they are
// completed, so operands precede the operators that use them.
class Eligibility::Parser {
 public:
  Parser(const std::string& text, std::vector<Node>& nodes) : text_(text), nodes_(nodes) {}

  int expression() {
    const int root = disjunction();
    skip_blanks();
    if (at_ < text_.size()) fail(at_, "expected 'and', 'or' or the end, found '" + rest() + "'");
    return root;
  }

 private:
  int disjunction() {
    int left = conjunction();
    while (take_word("or")) left = add({Op::disjunction, left, conjunction()});
    return left;
  }
  int conjunction() {
    int left = negation();
    while (take_word("and")) left = add({Op::conjunction, left, negation()});
    return left;
  }
  int negation() {
    if (take_word("not")) return add({Op::negation, negation()});
    return atom();
  }
  int atom() {
    skip_blanks();
    const std::size_t column = at_;
    if (take('(')) {
      const int inner = disjunction();
      if (!take(')')) fail(at_, "expected ')' to close the '(' at column " + std::to_string(column + 1));
      return inner;
    }
    const std::string name = word();
    if (name.empty()) {
      if (at_ < text_.size()) fail(column, "expected a group, 'not' or '(', found '" + rest() + "'");
      fail(column, "expected a group, 'not' or '(', found the end");
    }
    if (std::find(kKeywords.begin(), kKeywords.end(), name) != kKeywords.end())
      fail(column, "expected a group before '" + name + "'");
    Node node{Op::term};
    node.name = name;
    node.column = column;
    if (name == "everyone") node.op = Op::everyone;
    if (name == "female") node.op = Op::female;
    if (name == "male") node.op = Op::male;
    if (name == "age") {
      node.op = Op::age;
      node.compare = comparison();
      node.number = number("an age in years");
    } else if (take('(')) {
      if (node.op != Op::term) fail(column, "'" + name + "' takes no number");
      node.has_argument = true;
      node.number = number("a number");
      if (!take(')')) fail(at_, "expected ')' after the argument of " + name);
    }
    return add(node);
  }

  Compare comparison() {
    skip_blanks();
    const std::size_t column = at_;
    static const std::vector<std::pair<std::string, Compare>> ops = {
        {"<=", Compare::less_equal}, {">=", Compare::greater_equal}, {"!=", Compare::not_equal},
        {"<", Compare::less},        {">", Compare::greater},        {"=", Compare::equal}};
    for (const auto& [symbol, compare] : ops)
      if (text_.compare(at_, symbol.size(), symbol) == 0) {
        at_ += symbol.size();
        return compare;
      }
    fail(column, "expected <, <=, >, >=, = or != after 'age'");
  }
  double number(const std::string& what) {
    skip_blanks();
    const std::size_t start = at_;
    while (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.')) ++at_;
    const auto value = text::parse_number(text_.substr(start, at_ - start));
    if (start == at_ || !value || *value < 0) fail(start, "expected " + what + " (0 or more)");
    return *value;
  }
  std::string word() {
    skip_blanks();
    const std::size_t start = at_;
    const auto is_name = [&](std::size_t i) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      return std::isalpha(c) || c == '_' || (i > start && std::isdigit(c));
    };
    while (at_ < text_.size() && is_name(at_)) ++at_;
    return text_.substr(start, at_ - start);
  }
  bool take_word(const std::string& keyword) {
    skip_blanks();
    const std::size_t start = at_;
    if (word() == keyword) return true;
    at_ = start;
    return false;
  }
  bool take(char c) {
    skip_blanks();
    if (at_ < text_.size() && text_[at_] == c) return ++at_, true;
    return false;
  }
  void skip_blanks() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  std::string rest() const { return text::excerpt(text_.substr(at_), 20); }
  int add(Node node) {
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size() - 1);
  }

  const std::string& text_;
  std::vector<Node>& nodes_;
  std::size_t at_ = 0;
};

std::vector<Term> Eligibility::built_in() {
  return {{"age", "age in whole years, compared with a number: age < 30, age >= 50 (<, <=, >, >=, =, !=)", "", {}},
          {"everyone", "every living person", "", {}},
          {"female", "women", "", {}},
          {"male", "men", "", {}}};
}

Eligibility::Eligibility(const std::string& text) : root_(Parser(text, nodes_).expression()) {}

void Eligibility::bind(const Groups& groups) {
  for (Node& n : nodes_) {
    if (n.op != Op::term) continue;
    n.term = groups.term(n.name);
    if (const std::string* service = groups.closed(n.name); !n.term && service)
      fail(n.column,
           "'" + n.name + "' is published by the service " + *service + ", which is switched off in this scenario");
    if (!n.term) {
      std::vector<std::string> known;
      for (const Term& t : built_in()) known.push_back(t.name);
      for (const auto& [name, term] : groups.terms()) known.push_back(name);
      fail(n.column, "unknown group '" + text::excerpt(n.name) + "'; nearest: " +
                         text::join_or(text::nearest(n.name, known)) + ". 'harmsim params' lists every group");
    }
    if (n.has_argument != !n.term->argument.empty())
      fail(n.column,
           (n.has_argument ? "'" + n.name + "' takes no number"
                           : "'" + n.name + "' needs a number of " + n.term->argument + ", e.g. " + n.name + "(12)"));
  }
}

bool Eligibility::holds(const World& w, AgentId a, int index) const {
  const Node& n = nodes_[static_cast<std::size_t>(index)];
  switch (n.op) {
    case Op::everyone:
      return true;
    case Op::term:
      return n.term->test(w, a, n.number);
    case Op::age:
      return compare(w.age(a), n.compare, n.number);
    case Op::female:
      return w.pop.sex[a] == Sex::female;
    case Op::male:
      return w.pop.sex[a] == Sex::male;
    case Op::negation:
      return !holds(w, a, n.left);
    case Op::conjunction:
      return holds(w, a, n.left) && holds(w, a, n.right);
    case Op::disjunction:
      return holds(w, a, n.left) || holds(w, a, n.right);
  }
  return false;
}

bool Eligibility::compare(double x, Compare how, double y) {
  switch (how) {
    case Compare::less:
      return x < y;
    case Compare::less_equal:
      return x <= y;
    case Compare::greater:
      return x > y;
    case Compare::greater_equal:
      return x >= y;
    case Compare::equal:
      return x == y;
    case Compare::not_equal:
      return x != y;
  }
  return false;
}

bool Eligibility::confine(int index, std::vector<const Group*>& groups) const {
  const Node& n = nodes_[static_cast<std::size_t>(index)];
  if (n.op == Op::term && n.term->members) {
    groups.push_back(n.term->members);
    return true;
  }
  const auto size = [](const std::vector<const Group*>& g) {
    return std::accumulate(g.begin(), g.end(), std::size_t{0},
                           [](std::size_t s, const Group* x) { return s + x->size(); });
  };
  std::vector<const Group*> left, right;
  const bool l = n.op >= Op::conjunction && confine(n.left, left);
  const bool r = n.op >= Op::conjunction && confine(n.right, right);
  if (n.op == Op::conjunction && (l || r)) {
    // Either side confines an intersection: the smaller one is tested.
    const bool use_left = l && (!r || size(left) <= size(right));
    const auto& chosen = use_left ? left : right;
    groups.insert(groups.end(), chosen.begin(), chosen.end());
    return true;
  }
  if (n.op == Op::disjunction && l && r) {
    groups.insert(groups.end(), left.begin(), left.end());
    groups.insert(groups.end(), right.begin(), right.end());
    return true;
  }
  return false;
}

std::vector<AgentId> Eligibility::members(const World& w) const {
  // One published group alone: its living members (a group lists exactly its members).
  if (const Node& root = nodes_[static_cast<std::size_t>(root_)]; root.op == Op::term && root.term->members)
    return parallel_select(*root.term->members, [&](AgentId a) { return w.pop.alive[a] != 0; });
  const auto passes = [&](AgentId a) { return w.pop.alive[a] && holds(w, a, root_); };
  std::vector<const Group*> groups;
  if (!confine(root_, groups))
    return parallel_collect(w.pop.size(), [&](std::size_t a) { return passes(static_cast<AgentId>(a)); });
  // A person in two of the groups is tested once.
  const Group* pool = groups.front();
  Group merged;
  if (groups.size() > 1) {
    for (const Group* g : groups) merged.insert(merged.end(), g->begin(), g->end());
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    pool = &merged;
  }
  return parallel_select(*pool, passes);
}

}  // namespace harmsim
