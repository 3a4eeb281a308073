#include "cytostorm/model/sbml_model.hpp"

#include <fmt/format.h>
#include <sbml/SBMLTypes.h>
#include <sbml/extension/SBasePlugin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace cytostorm::model {

LIBSBML_CPP_NAMESPACE_USE

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// `since` when no time switch has been passed.
constexpr double kNoSwitch = -std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// The compiled form of a MathML expression: a program for a small stack machine.

enum class Op : std::uint8_t {
  Const,        ///< push x
  Load,         ///< push values[a]
  Time,         ///< push t
  Add,          ///< a operands (>= 2)
  Mul,          ///< a operands (>= 2)
  Sub,          ///< binary
  Div,          ///< binary
  Neg,          ///< unary
  Call1,        ///< unary function f1
  Call2,        ///< binary function f2
  Min,          ///< a operands (>= 1)
  Max,          ///< a operands (>= 1)
  Cmp,          ///< binary relation rel
  TimeCmp,      ///< push (t rel values[a]), with the switch rule of rhs_after
  And,          ///< a operands (>= 1)
  Or,           ///< a operands (>= 1)
  Xor,          ///< a operands (>= 1)
  Not,          ///< unary
  JumpIfFalse,  ///< pop; jump to a when it is 0
  Jump,         ///< jump to a
};

enum class Rel : std::uint8_t { Lt, Gt, Le, Ge, Eq, Ne };

using Fn1 = double (*)(double);
using Fn2 = double (*)(double, double);

struct Instr {
  Op op = Op::Const;
  Rel rel = Rel::Eq;
  std::uint32_t a = 0;
  double x = 0.0;
  Fn1 f1 = nullptr;
  Fn2 f2 = nullptr;
};

bool compare(Rel rel, double l, double r) {
  switch (rel) {
    case Rel::Lt:
      return l < r;
    case Rel::Gt:
      return l > r;
    case Rel::Le:
      return l <= r;
    case Rel::Ge:
      return l >= r;
    case Rel::Eq:
      return l == r;
    case Rel::Ne:
      return l != r;
  }
  return false;
}

Rel flipped(Rel rel) {
  switch (rel) {
    case Rel::Lt:
      return Rel::Gt;
    case Rel::Gt:
      return Rel::Lt;
    case Rel::Le:
      return Rel::Ge;
    case Rel::Ge:
      return Rel::Le;
    default:
      return rel;
  }
}

double truth(bool b) {
  return b ? 1.0 : 0.0;
}

struct Program {
  std::vector<Instr> code;
  std::size_t max_stack = 0;

  /// Runs the program on the slot values `v` at time `t`; `stack` holds at least max_stack.
  double run(const double* v, double t, double since, double* stack) const {
    double* s = stack;
    std::size_t sp = 0;
    std::size_t pc = 0;
    const std::size_t n = code.size();
    while (pc < n) {
      const Instr& in = code[pc++];
      switch (in.op) {
        case Op::Const:
          s[sp++] = in.x;
          break;
        case Op::Load:
          s[sp++] = v[in.a];
          break;
        case Op::Time:
          s[sp++] = t;
          break;
        case Op::Add:
        case Op::Mul:
        case Op::Min:
        case Op::Max: {
          const std::size_t k = in.a;
          const std::size_t first = sp - k;
          double acc = s[first];
          for (std::size_t i = first + 1; i < sp; ++i) {
            switch (in.op) {
              case Op::Add:
                acc += s[i];
                break;
              case Op::Mul:
                acc *= s[i];
                break;
              case Op::Min:
                acc = std::min(acc, s[i]);
                break;
              default:
                acc = std::max(acc, s[i]);
                break;
            }
          }
          sp = first + 1;
          s[first] = acc;
          break;
        }
        case Op::And:
        case Op::Or:
        case Op::Xor: {
          const std::size_t k = in.a;
          const std::size_t first = sp - k;
          std::size_t true_count = 0;
          for (std::size_t i = first; i < sp; ++i) {
            if (s[i] != 0.0) ++true_count;
          }
          bool r = false;
          if (in.op == Op::And) r = true_count == k;
          if (in.op == Op::Or) r = true_count > 0;
          if (in.op == Op::Xor) r = true_count % 2 == 1;
          sp = first + 1;
          s[first] = truth(r);
          break;
        }
        case Op::Sub:
          s[sp - 2] -= s[sp - 1];
          --sp;
          break;
        case Op::Div:
          s[sp - 2] /= s[sp - 1];
          --sp;
          break;
        case Op::Neg:
          s[sp - 1] = -s[sp - 1];
          break;
        case Op::Call1:
          s[sp - 1] = in.f1(s[sp - 1]);
          break;
        case Op::Call2:
          s[sp - 2] = in.f2(s[sp - 2], s[sp - 1]);
          --sp;
          break;
        case Op::Cmp:
          s[sp - 2] = truth(compare(in.rel, s[sp - 2], s[sp - 1]));
          --sp;
          break;
        case Op::TimeCmp: {
          const double c = v[in.a];
          bool r = false;
          if (c <= since && t <= c) {
            // At a switch already passed: time is just after c.
            r = in.rel == Rel::Gt || in.rel == Rel::Ge || in.rel == Rel::Ne;
          } else {
            r = compare(in.rel, t, c);
          }
          s[sp++] = truth(r);
          break;
        }
        case Op::Not:
          s[sp - 1] = truth(s[sp - 1] == 0.0);
          break;
        case Op::JumpIfFalse:
          if (s[--sp] == 0.0) pc = in.a;
          break;
        case Op::Jump:
          pc = in.a;
          break;
      }
    }
    return s[0];
  }

  /// The slots the program reads.
  [[nodiscard]] std::vector<std::uint32_t> reads() const {
    std::vector<std::uint32_t> out;
    for (const Instr& in : code) {
      if (in.op == Op::Load || in.op == Op::TimeCmp) out.push_back(in.a);
    }
    return out;
  }
};

/// Per-thread scratch space for rhs and value: the slot values and the machine's stack.
struct Scratch {
  std::vector<double> values;
  std::vector<double> stack;
};

Scratch& scratch(std::size_t values, std::size_t stack) {
  thread_local Scratch s;
  if (s.values.size() < values) s.values.resize(values);
  if (s.stack.size() < stack) s.stack.resize(stack);
  return s;
}

/// A load failure inside the builder; load() turns it into an InputError.
struct LoadError {
  unsigned int line = 0;
  std::string message;
};

std::string one_line(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

/// A value or an expression that defines a slot (an assignment rule, an initial assignment, a
/// species' initial concentration computed from its amount, a derived time-switch threshold).
struct Definition {
  std::uint32_t slot = 0;
  Program program{};
  unsigned int line = 0;
  std::string what;  ///< "assignment rule for 'x'", for error messages
};

}  // namespace

// -----------------------------------------------------------------------------------------------

struct SbmlModel::Impl {
  std::string file;
  std::string model_id;
  std::string model_name;
  std::vector<std::string> slot_names;                     ///< "id" or "reaction/local" per slot
  std::unordered_map<std::string, std::uint32_t> globals;  ///< compartment/species/parameter id
  std::vector<double> base;  ///< every slot's value between evaluations (constants, thresholds)
  std::vector<std::uint32_t> state_slots;
  std::vector<std::string> state_ids;
  std::vector<double> y0;
  std::vector<Definition> rules;  ///< assignment rules in dependency order
  struct RateRule {
    std::size_t state = 0;
    Program program{};
  };
  std::vector<RateRule> rate_rules;
  struct Effect {
    std::size_t state = 0;
    double coefficient = 0.0;  ///< stoichiometry, divided by the compartment size for a conc.
  };
  struct ReactionLaw {
    Program rate;
    std::vector<Effect> effects;
  };
  std::vector<ReactionLaw> reactions;
  std::vector<double> switch_times;
  std::size_t max_stack = 1;

  /// Fills `v` with every slot's value at (t, y): constants, states, then assignment rules.
  void evaluate(double t, double since, std::span<const double> y, double* v, double* st) const {
    std::copy(base.begin(), base.end(), v);
    for (std::size_t i = 0; i < state_slots.size(); ++i) v[state_slots[i]] = y[i];
    for (const Definition& d : rules) v[d.slot] = d.program.run(v, t, since, st);
  }

  void derivatives(double t, double since, std::span<const double> y,
                   std::span<double> dydt) const {
    Scratch& s = scratch(base.size(), max_stack);
    double* v = s.values.data();
    double* st = s.stack.data();
    evaluate(t, since, y, v, st);
    std::fill(dydt.begin(), dydt.end(), 0.0);
    for (const ReactionLaw& r : reactions) {
      const double rate = r.rate.run(v, t, since, st);
      for (const Effect& e : r.effects) dydt[e.state] += e.coefficient * rate;
    }
    for (const RateRule& r : rate_rules) dydt[r.state] = r.program.run(v, t, since, st);
  }
};

namespace {

/// Orders definitions so that each comes after those whose slots it reads.
/// @throws LoadError on a cycle
std::vector<std::size_t> dependency_order(const std::vector<const Definition*>& defs) {
  std::unordered_map<std::uint32_t, std::size_t> by_slot;
  for (std::size_t i = 0; i < defs.size(); ++i) by_slot[defs[i]->slot] = i;
  std::vector<int> mark(defs.size(), 0);  // 0 new, 1 in progress, 2 done
  std::vector<std::size_t> order;
  // Iterative depth-first search (the rule graphs are small, but avoid deep recursion anyway).
  for (std::size_t root = 0; root < defs.size(); ++root) {
    if (mark[root] != 0) continue;
    std::vector<std::pair<std::size_t, std::vector<std::uint32_t>>> stack;
    stack.emplace_back(root, defs[root]->program.reads());
    mark[root] = 1;
    while (!stack.empty()) {
      auto& [node, pending] = stack.back();
      if (pending.empty()) {
        mark[node] = 2;
        order.push_back(node);
        stack.pop_back();
        continue;
      }
      const std::uint32_t slot = pending.back();
      pending.pop_back();
      const auto it = by_slot.find(slot);
      if (it == by_slot.end()) continue;
      const std::size_t next = it->second;
      if (mark[next] == 1) {
        throw LoadError{defs[next]->line,
                        fmt::format("the {} and the {} depend on each other in a cycle",
                                    defs[next]->what, defs[node]->what)};
      }
      if (mark[next] == 0) {
        mark[next] = 1;
        stack.emplace_back(next, defs[next]->program.reads());
      }
    }
  }
  return order;
}

/// Builds the Impl from a libSBML Model.
class Builder {
 public:
  Builder(const Model& model, SbmlModel::Impl& impl) : m_(model), impl_(impl) {}

  void build();

 private:
  struct SpeciesInfo {
    std::uint32_t slot = 0;
    std::uint32_t compartment = 0;
    bool only_substance = false;
    bool boundary = false;
    bool constant = false;
    bool changed_by_reactions = false;
    unsigned int line = 0;
  };

  /// Emission of one program, tracking the stack depth.
  struct Emitter {
    Program program{};
    std::size_t depth = 0;
    void emit(const Instr& in, std::size_t pops, std::size_t pushes) {
      program.code.push_back(in);
      depth = depth - pops + pushes;
      program.max_stack = std::max(program.max_stack, depth);
    }
    [[nodiscard]] std::uint32_t here() const {
      return static_cast<std::uint32_t>(program.code.size());
    }
  };

  /// The arguments of the function definition being inlined.
  struct Frame {
    std::string function;
    std::vector<std::string> names;
    std::vector<const ASTNode*> args;
    const Frame* caller = nullptr;
    int depth = 0;
  };

  /// Where a math element sits, for error messages and local parameters.
  struct Context {
    std::string what;
    unsigned int line = 0;
    const std::unordered_map<std::string, std::uint32_t>* locals = nullptr;
  };

  std::uint32_t add_slot(const std::string& name, double value) {
    impl_.slot_names.push_back(name);
    impl_.base.push_back(value);
    time_constant_.push_back(true);
    return static_cast<std::uint32_t>(impl_.base.size() - 1);
  }

  [[noreturn]] static void fail(unsigned int line, std::string message) {
    throw LoadError{line, std::move(message)};
  }

  Program compile(const ASTNode* math, const Context& ctx) {
    if (math == nullptr) fail(ctx.line, fmt::format("the {} has no math", ctx.what));
    Emitter e;
    node(e, *math, ctx, nullptr);
    impl_.max_stack = std::max(impl_.max_stack, e.program.max_stack);
    return std::move(e.program);
  }

  void node(Emitter& e, const ASTNode& n, const Context& ctx, const Frame* frame);
  void name(Emitter& e, const std::string& id, const Context& ctx, const Frame* frame);
  void call(Emitter& e, const ASTNode& n, const Context& ctx, const Frame* frame);
  void relation(Emitter& e, const ASTNode& n, Rel rel, const Context& ctx, const Frame* frame);
  std::optional<std::uint32_t> threshold(const ASTNode& n, const Context& ctx, const Frame* frame);
  void children(Emitter& e, const ASTNode& n, const Context& ctx, const Frame* frame) {
    for (unsigned int i = 0; i < n.getNumChildren(); ++i) node(e, *n.getChild(i), ctx, frame);
  }
  void nary(Emitter& e, const ASTNode& n, Op op, const Context& ctx, const Frame* frame) {
    children(e, n, ctx, frame);
    const std::size_t k = n.getNumChildren();
    e.emit({.op = op, .a = static_cast<std::uint32_t>(k)}, k, 1);
  }
  void unary(Emitter& e, const ASTNode& n, Fn1 f, const Context& ctx, const Frame* frame) {
    arity(n, 1, ctx);
    node(e, *n.getChild(0), ctx, frame);
    e.emit({.op = Op::Call1, .f1 = f}, 1, 1);
  }
  void arity(const ASTNode& n, unsigned int count, const Context& ctx) const {
    if (n.getNumChildren() != count) {
      fail(ctx.line, fmt::format("the {}: <{}> has {} arguments, expected {}", ctx.what,
                                 element_name(n), n.getNumChildren(), count));
    }
  }
  static std::string element_name(const ASTNode& n) {
    if (n.getType() == AST_FUNCTION_DELAY) return "csymbol delay";
    if (n.getType() == AST_FUNCTION_RATE_OF) return "csymbol rateOf";
    if (n.getType() == AST_CSYMBOL_FUNCTION) return "csymbol";
    if (const char* op = n.getOperatorName(); op != nullptr && *op != '\0') return op;
    if (const char* nm = n.getName(); nm != nullptr && *nm != '\0') return nm;
    return fmt::format("MathML node type {}", static_cast<int>(n.getType()));
  }

  const Model& m_;
  SbmlModel::Impl& impl_;
  std::vector<bool> time_constant_;  ///< per slot: the value cannot change during integration
  std::unordered_map<std::string, SpeciesInfo> species_;
  std::unordered_map<std::string, std::string> other_ids_;  ///< reaction/speciesReference ids
  std::vector<Definition> thresholds_;                      ///< derived time-switch thresholds
  std::vector<std::uint32_t> threshold_slots_;
};

void Builder::build() {
  const unsigned int model_line = m_.getLine();
  impl_.model_id = m_.getId();
  impl_.model_name = m_.getName();

  // Constructs outside the supported core: refused, never ignored.
  if (m_.getNumEvents() > 0) {
    fail(m_.getEvent(0)->getLine(),
         fmt::format("events are not supported (the model has {} <event>, the first '{}')",
                     m_.getNumEvents(), m_.getEvent(0)->getId()));
  }
  if (m_.isSetConversionFactor()) {
    fail(model_line, "the model's conversionFactor is not supported");
  }

  // Compartments, species and parameters: one slot each.
  for (unsigned int i = 0; i < m_.getNumCompartments(); ++i) {
    const Compartment& c = *m_.getCompartment(i);
    impl_.globals[c.getId()] = add_slot(c.getId(), c.isSetSize() ? c.getSize() : kNaN);
  }
  std::vector<Definition> conversions;  // species initial values that need the compartment size
  for (unsigned int i = 0; i < m_.getNumSpecies(); ++i) {
    const Species& s = *m_.getSpecies(i);
    if (s.isSetConversionFactor()) {
      fail(s.getLine(), fmt::format("species '{}': conversionFactor is not supported", s.getId()));
    }
    const auto comp = impl_.globals.find(s.getCompartment());
    if (comp == impl_.globals.end() || m_.getCompartment(s.getCompartment()) == nullptr) {
      fail(s.getLine(), fmt::format("species '{}' is in the unknown compartment '{}'", s.getId(),
                                    s.getCompartment()));
    }
    SpeciesInfo info;
    info.compartment = comp->second;
    info.only_substance = s.getHasOnlySubstanceUnits();
    info.boundary = s.getBoundaryCondition();
    info.constant = s.getConstant();
    info.line = s.getLine();
    if (!info.only_substance &&
        m_.getCompartment(s.getCompartment())->getSpatialDimensions() == 0) {
      fail(s.getLine(), fmt::format("species '{}' has a concentration in the zero-dimensional "
                                    "compartment '{}', which is not supported",
                                    s.getId(), s.getCompartment()));
    }
    // The slot holds the species as math sees it: the concentration, or the amount when the
    // species has only substance units.
    double value = kNaN;
    std::optional<Instr> convert;  // amount -> concentration (Div) or back (Mul)
    if (s.isSetInitialConcentration()) {
      value = s.getInitialConcentration();
      if (info.only_substance) convert = Instr{.op = Op::Mul, .a = 2};
    } else if (s.isSetInitialAmount()) {
      value = s.getInitialAmount();
      if (!info.only_substance) convert = Instr{.op = Op::Div};
    }
    info.slot = add_slot(s.getId(), convert ? kNaN : value);
    if (convert) {
      Definition d{.slot = info.slot,
                   .line = s.getLine(),
                   .what = fmt::format("initial value of species '{}'", s.getId())};
      d.program.code = {Instr{.op = Op::Const, .x = value},
                        Instr{.op = Op::Load, .a = info.compartment}, *convert};
      d.program.max_stack = 2;
      conversions.push_back(std::move(d));
    }
    impl_.globals[s.getId()] = info.slot;
    species_[s.getId()] = info;
  }
  for (unsigned int i = 0; i < m_.getNumParameters(); ++i) {
    const Parameter& p = *m_.getParameter(i);
    impl_.globals[p.getId()] = add_slot(p.getId(), p.isSetValue() ? p.getValue() : kNaN);
  }
  for (unsigned int i = 0; i < m_.getNumReactions(); ++i) {
    const Reaction& r = *m_.getReaction(i);
    other_ids_[r.getId()] = "reaction";
    for (unsigned int j = 0; j < r.getNumReactants(); ++j) {
      if (r.getReactant(j)->isSetId()) other_ids_[r.getReactant(j)->getId()] = "species reference";
    }
    for (unsigned int j = 0; j < r.getNumProducts(); ++j) {
      if (r.getProduct(j)->isSetId()) other_ids_[r.getProduct(j)->getId()] = "species reference";
    }
  }

  const auto target = [&](const std::string& variable, unsigned int line,
                          const std::string& what) -> std::uint32_t {
    const auto it = impl_.globals.find(variable);
    if (it == impl_.globals.end()) {
      const auto other = other_ids_.find(variable);
      if (other != other_ids_.end()) {
        fail(line, fmt::format("{} sets the {} '{}', which is not supported", what, other->second,
                               variable));
      }
      fail(line, fmt::format("{} sets the unknown variable '{}'", what, variable));
    }
    return it->second;
  };

  // Rules.
  std::unordered_map<std::uint32_t, const Rule*> assignment_rules;
  std::unordered_map<std::uint32_t, const Rule*> rate_rules;
  for (unsigned int i = 0; i < m_.getNumRules(); ++i) {
    const Rule& rule = *m_.getRule(i);
    if (rule.isAlgebraic()) fail(rule.getLine(), "algebraic rules are not supported");
    const std::string kind = rule.isAssignment() ? "assignment rule" : "rate rule";
    const std::string what = fmt::format("{} for '{}'", kind, rule.getVariable());
    const std::uint32_t slot = target(rule.getVariable(), rule.getLine(), "the " + what);
    if (m_.getCompartment(rule.getVariable()) != nullptr) {
      fail(rule.getLine(),
           fmt::format("the {}: compartments that change size are not supported", what));
    }
    if (assignment_rules.contains(slot) || rate_rules.contains(slot)) {
      fail(rule.getLine(), fmt::format("'{}' has more than one rule", rule.getVariable()));
    }
    (rule.isAssignment() ? assignment_rules : rate_rules)[slot] = &rule;
  }

  // Reactions: which species they change, and by how much per unit of rate.
  struct PendingEffect {
    std::string species;
    double stoichiometry = 0.0;
  };
  std::vector<std::vector<PendingEffect>> pending(m_.getNumReactions());
  std::vector<std::unordered_map<std::string, std::uint32_t>> locals(m_.getNumReactions());
  for (unsigned int i = 0; i < m_.getNumReactions(); ++i) {
    const Reaction& r = *m_.getReaction(i);
    if (r.isSetFast() && r.getFast()) {
      fail(r.getLine(), fmt::format("reaction '{}': fast reactions are not supported", r.getId()));
    }
    if (!r.isSetKineticLaw()) {
      fail(r.getLine(), fmt::format("reaction '{}' has no kinetic law", r.getId()));
    }
    const auto add = [&](const SpeciesReference& ref, double sign) {
      if (ref.isSetStoichiometryMath()) {
        fail(ref.getLine(),
             fmt::format("reaction '{}': stoichiometryMath is not supported", r.getId()));
      }
      if (m_.getLevel() >= 3 && !ref.isSetStoichiometry()) {
        fail(ref.getLine(), fmt::format("reaction '{}': the stoichiometry of '{}' is not set",
                                        r.getId(), ref.getSpecies()));
      }
      if (m_.getLevel() >= 3 && !ref.getConstant()) {
        fail(ref.getLine(), fmt::format("reaction '{}': variable stoichiometry (constant=\"false\" "
                                        "for '{}') is not supported",
                                        r.getId(), ref.getSpecies()));
      }
      const auto sp = species_.find(ref.getSpecies());
      if (sp == species_.end()) {
        fail(ref.getLine(), fmt::format("reaction '{}' refers to the unknown species '{}'",
                                        r.getId(), ref.getSpecies()));
      }
      SpeciesInfo& info = sp->second;
      if (info.boundary) return;  // reactions do not change boundary species
      if (info.constant) {
        fail(ref.getLine(), fmt::format("reaction '{}' changes the constant species '{}'",
                                        r.getId(), ref.getSpecies()));
      }
      if (assignment_rules.contains(info.slot) || rate_rules.contains(info.slot)) {
        fail(ref.getLine(), fmt::format("species '{}' is changed by reaction '{}' and by a rule",
                                        ref.getSpecies(), r.getId()));
      }
      info.changed_by_reactions = true;
      pending[i].push_back({ref.getSpecies(), sign * ref.getStoichiometry()});
    };
    for (unsigned int j = 0; j < r.getNumReactants(); ++j) add(*r.getReactant(j), -1.0);
    for (unsigned int j = 0; j < r.getNumProducts(); ++j) add(*r.getProduct(j), 1.0);
    const KineticLaw& law = *r.getKineticLaw();
    for (unsigned int j = 0; j < law.getNumParameters(); ++j) {
      const Parameter& p = *law.getParameter(j);
      if (!p.isSetValue()) {
        fail(p.getLine(),
             fmt::format("reaction '{}': local parameter '{}' has no value", r.getId(), p.getId()));
      }
      locals[i][p.getId()] = add_slot(r.getId() + "/" + p.getId(), p.getValue());
    }
  }

  // States: species changed by reactions or rate rules, then parameters with rate rules.
  std::unordered_map<std::uint32_t, std::size_t> state_of_slot;
  const auto add_state = [&](const std::string& id, std::uint32_t slot) {
    state_of_slot[slot] = impl_.state_slots.size();
    impl_.state_slots.push_back(slot);
    impl_.state_ids.push_back(id);
    time_constant_[slot] = false;
  };
  for (unsigned int i = 0; i < m_.getNumSpecies(); ++i) {
    const Species& s = *m_.getSpecies(i);
    const SpeciesInfo& info = species_.at(s.getId());
    if (rate_rules.contains(info.slot) && info.constant) {
      fail(s.getLine(), fmt::format("the constant species '{}' has a rate rule", s.getId()));
    }
    if (info.changed_by_reactions || rate_rules.contains(info.slot))
      add_state(s.getId(), info.slot);
  }
  for (unsigned int i = 0; i < m_.getNumParameters(); ++i) {
    const Parameter& p = *m_.getParameter(i);
    const std::uint32_t slot = impl_.globals.at(p.getId());
    if ((rate_rules.contains(slot) || assignment_rules.contains(slot)) && p.getConstant()) {
      fail(p.getLine(), fmt::format("the constant parameter '{}' has a rule", p.getId()));
    }
    if (rate_rules.contains(slot)) add_state(p.getId(), slot);
  }
  for (const auto& entry : assignment_rules) time_constant_[entry.first] = false;

  // Compile every expression.
  std::vector<Definition> ars;
  for (unsigned int i = 0; i < m_.getNumRules(); ++i) {
    const Rule& rule = *m_.getRule(i);
    const std::uint32_t slot = impl_.globals.at(rule.getVariable());
    const std::string what = fmt::format(
        "{} for '{}'", rule.isAssignment() ? "assignment rule" : "rate rule", rule.getVariable());
    Program program = compile(rule.getMath(), {.what = what, .line = rule.getLine()});
    if (rule.isAssignment()) {
      ars.push_back(
          {.slot = slot, .program = std::move(program), .line = rule.getLine(), .what = what});
    } else {
      impl_.rate_rules.push_back({.state = state_of_slot.at(slot), .program = std::move(program)});
    }
  }
  for (unsigned int i = 0; i < m_.getNumReactions(); ++i) {
    const Reaction& r = *m_.getReaction(i);
    const KineticLaw& law = *r.getKineticLaw();
    SbmlModel::Impl::ReactionLaw reaction;
    reaction.rate =
        compile(law.getMath(), {.what = fmt::format("kinetic law of reaction '{}'", r.getId()),
                                .line = law.getLine(),
                                .locals = &locals[i]});
    impl_.reactions.push_back(std::move(reaction));
  }
  std::vector<Definition> initial;
  std::unordered_map<std::uint32_t, bool> has_initial;
  for (unsigned int i = 0; i < m_.getNumInitialAssignments(); ++i) {
    const InitialAssignment& ia = *m_.getInitialAssignment(i);
    const std::string what = fmt::format("initial assignment for '{}'", ia.getSymbol());
    const std::uint32_t slot = target(ia.getSymbol(), ia.getLine(), "the " + what);
    if (assignment_rules.contains(slot)) {
      fail(ia.getLine(), fmt::format("'{}' has both an initial assignment and an assignment rule",
                                     ia.getSymbol()));
    }
    has_initial[slot] = true;
    initial.push_back({.slot = slot,
                       .program = compile(ia.getMath(), {.what = what, .line = ia.getLine()}),
                       .line = ia.getLine(),
                       .what = what});
  }

  // Assignment rules in dependency order, for every evaluation.
  {
    std::vector<const Definition*> defs;
    for (const Definition& d : ars) defs.push_back(&d);
    for (std::size_t k : dependency_order(defs)) impl_.rules.push_back(ars[k]);
  }

  // Initial values: every definition at t = 0, in dependency order.
  std::vector<const Definition*> defs;
  for (const Definition& d : initial) defs.push_back(&d);
  for (const Definition& d : ars) defs.push_back(&d);
  for (const Definition& d : conversions) {
    if (!has_initial.contains(d.slot) && !assignment_rules.contains(d.slot)) defs.push_back(&d);
  }
  for (const Definition& d : thresholds_) defs.push_back(&d);
  std::vector<bool> defined(impl_.base.size(), false);
  for (const Definition* d : defs) defined[d->slot] = true;
  for (std::uint32_t slot = 0; slot < impl_.base.size(); ++slot) {
    if (std::isnan(impl_.base[slot]) && !defined[slot]) {
      fail(model_line, fmt::format("'{}' has no value: no initial value, initial assignment or "
                                   "assignment rule",
                                   impl_.slot_names[slot]));
    }
  }
  std::vector<double> v = impl_.base;
  std::vector<double> stack(impl_.max_stack + 1);
  for (std::size_t k : dependency_order(defs)) {
    v[defs[k]->slot] = defs[k]->program.run(v.data(), 0.0, kNoSwitch, stack.data());
  }
  impl_.base = v;
  for (std::size_t i = 0; i < impl_.state_slots.size(); ++i) {
    const double y = v[impl_.state_slots[i]];
    if (!std::isfinite(y)) {
      fail(model_line, fmt::format("the initial value of '{}' is {}", impl_.state_ids[i], y));
    }
    impl_.y0.push_back(y);
  }

  // Reaction effects per unit rate: d(amount)/dt = stoichiometry * rate, so a concentration
  // state moves by stoichiometry * rate / size.
  for (std::size_t i = 0; i < pending.size(); ++i) {
    for (const PendingEffect& p : pending[i]) {
      const SpeciesInfo& info = species_.at(p.species);
      double coefficient = p.stoichiometry;
      if (!info.only_substance) {
        const double size = v[info.compartment];
        if (!(std::isfinite(size) && size > 0.0)) {
          fail(info.line,
               fmt::format("species '{}': the size of its compartment is {}", p.species, size));
        }
        coefficient /= size;
      }
      impl_.reactions[i].effects.push_back(
          {.state = state_of_slot.at(info.slot), .coefficient = coefficient});
    }
  }

  // The time switches.
  for (std::uint32_t slot : threshold_slots_) {
    if (std::isfinite(v[slot])) impl_.switch_times.push_back(v[slot]);
  }
  std::sort(impl_.switch_times.begin(), impl_.switch_times.end());
  impl_.switch_times.erase(std::unique(impl_.switch_times.begin(), impl_.switch_times.end()),
                           impl_.switch_times.end());
}

void Builder::node(Emitter& e, const ASTNode& n, const Context& ctx, const Frame* frame) {
  const auto number = [&](double x) { e.emit({.op = Op::Const, .x = x}, 0, 1); };
  switch (n.getType()) {
    case AST_INTEGER:
    case AST_REAL:
    case AST_REAL_E:
    case AST_RATIONAL:
    case AST_CONSTANT_E:
    case AST_CONSTANT_PI:
    case AST_CONSTANT_TRUE:
    case AST_CONSTANT_FALSE:
    case AST_NAME_AVOGADRO:
      number(n.getValue());
      return;
    case AST_NAME:
      name(e, n.getName() != nullptr ? n.getName() : "", ctx, frame);
      return;
    case AST_NAME_TIME:
      e.emit({.op = Op::Time}, 0, 1);
      return;
    case AST_PLUS:
    case AST_TIMES:
      if (n.getNumChildren() == 0) {
        number(n.getType() == AST_PLUS ? 0.0 : 1.0);
      } else if (n.getNumChildren() == 1) {
        node(e, *n.getChild(0), ctx, frame);
      } else {
        nary(e, n, n.getType() == AST_PLUS ? Op::Add : Op::Mul, ctx, frame);
      }
      return;
    case AST_MINUS:
      if (n.getNumChildren() == 1) {
        node(e, *n.getChild(0), ctx, frame);
        e.emit({.op = Op::Neg}, 1, 1);
        return;
      }
      arity(n, 2, ctx);
      children(e, n, ctx, frame);
      e.emit({.op = Op::Sub}, 2, 1);
      return;
    case AST_DIVIDE:
      arity(n, 2, ctx);
      children(e, n, ctx, frame);
      e.emit({.op = Op::Div}, 2, 1);
      return;
    case AST_POWER:
    case AST_FUNCTION_POWER:
      arity(n, 2, ctx);
      children(e, n, ctx, frame);
      e.emit({.op = Op::Call2, .f2 = [](double b, double x) { return std::pow(b, x); }}, 2, 1);
      return;
    case AST_FUNCTION_ROOT:
      if (n.getNumChildren() == 1 || (n.getNumChildren() == 2 && n.getChild(0)->isNumber() &&
                                      n.getChild(0)->getValue() == 2)) {
        node(e, *n.getChild(n.getNumChildren() - 1), ctx, frame);
        e.emit({.op = Op::Call1, .f1 = [](double x) { return std::sqrt(x); }}, 1, 1);
        return;
      }
      arity(n, 2, ctx);
      children(e, n, ctx, frame);  // degree, radicand
      e.emit({.op = Op::Call2, .f2 = [](double d, double x) { return std::pow(x, 1.0 / d); }}, 2,
             1);
      return;
    case AST_FUNCTION_LOG:
      if (n.getNumChildren() == 1 || (n.getNumChildren() == 2 && n.getChild(0)->isNumber() &&
                                      n.getChild(0)->getValue() == 10)) {
        node(e, *n.getChild(n.getNumChildren() - 1), ctx, frame);
        e.emit({.op = Op::Call1, .f1 = [](double x) { return std::log10(x); }}, 1, 1);
        return;
      }
      arity(n, 2, ctx);
      children(e, n, ctx, frame);  // base, argument
      e.emit({.op = Op::Call2, .f2 = [](double b, double x) { return std::log(x) / std::log(b); }},
             2, 1);
      return;
    case AST_FUNCTION_LN:
      unary(
          e, n, [](double x) { return std::log(x); }, ctx, frame);
      return;
    case AST_FUNCTION_EXP:
      unary(
          e, n, [](double x) { return std::exp(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ABS:
      unary(
          e, n, [](double x) { return std::fabs(x); }, ctx, frame);
      return;
    case AST_FUNCTION_FLOOR:
      unary(
          e, n, [](double x) { return std::floor(x); }, ctx, frame);
      return;
    case AST_FUNCTION_CEILING:
      unary(
          e, n, [](double x) { return std::ceil(x); }, ctx, frame);
      return;
    case AST_FUNCTION_FACTORIAL:
      unary(
          e, n, [](double x) { return std::tgamma(x + 1.0); }, ctx, frame);
      return;
    case AST_FUNCTION_SIN:
      unary(
          e, n, [](double x) { return std::sin(x); }, ctx, frame);
      return;
    case AST_FUNCTION_COS:
      unary(
          e, n, [](double x) { return std::cos(x); }, ctx, frame);
      return;
    case AST_FUNCTION_TAN:
      unary(
          e, n, [](double x) { return std::tan(x); }, ctx, frame);
      return;
    case AST_FUNCTION_SEC:
      unary(
          e, n, [](double x) { return 1.0 / std::cos(x); }, ctx, frame);
      return;
    case AST_FUNCTION_CSC:
      unary(
          e, n, [](double x) { return 1.0 / std::sin(x); }, ctx, frame);
      return;
    case AST_FUNCTION_COT:
      unary(
          e, n, [](double x) { return 1.0 / std::tan(x); }, ctx, frame);
      return;
    case AST_FUNCTION_SINH:
      unary(
          e, n, [](double x) { return std::sinh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_COSH:
      unary(
          e, n, [](double x) { return std::cosh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_TANH:
      unary(
          e, n, [](double x) { return std::tanh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_SECH:
      unary(
          e, n, [](double x) { return 1.0 / std::cosh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_CSCH:
      unary(
          e, n, [](double x) { return 1.0 / std::sinh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_COTH:
      unary(
          e, n, [](double x) { return 1.0 / std::tanh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCSIN:
      unary(
          e, n, [](double x) { return std::asin(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCCOS:
      unary(
          e, n, [](double x) { return std::acos(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCTAN:
      unary(
          e, n, [](double x) { return std::atan(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCSINH:
      unary(
          e, n, [](double x) { return std::asinh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCCOSH:
      unary(
          e, n, [](double x) { return std::acosh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_ARCTANH:
      unary(
          e, n, [](double x) { return std::atanh(x); }, ctx, frame);
      return;
    case AST_FUNCTION_MIN:
    case AST_FUNCTION_MAX:
      if (n.getNumChildren() == 0) {
        fail(ctx.line, fmt::format("the {}: <{}> needs an argument", ctx.what, element_name(n)));
      }
      nary(e, n, n.getType() == AST_FUNCTION_MIN ? Op::Min : Op::Max, ctx, frame);
      return;
    case AST_FUNCTION_PIECEWISE: {
      // Children: value, condition, value, condition, ..., [otherwise].
      const unsigned int count = n.getNumChildren();
      const std::size_t start = e.depth;
      std::vector<std::size_t> to_end;
      for (unsigned int i = 0; i + 1 < count; i += 2) {
        node(e, *n.getChild(i + 1), ctx, frame);
        const std::size_t skip = e.program.code.size();
        e.emit({.op = Op::JumpIfFalse}, 1, 0);
        node(e, *n.getChild(i), ctx, frame);
        to_end.push_back(e.program.code.size());
        e.emit({.op = Op::Jump}, 0, 0);
        e.program.code[skip].a = e.here();
        e.depth = start;
      }
      if (count % 2 == 1) {
        node(e, *n.getChild(count - 1), ctx, frame);
      } else {
        number(kNaN);  // no piece applies and there is no otherwise: undefined
      }
      for (std::size_t j : to_end) e.program.code[j].a = e.here();
      return;
    }
    case AST_RELATIONAL_LT:
      relation(e, n, Rel::Lt, ctx, frame);
      return;
    case AST_RELATIONAL_GT:
      relation(e, n, Rel::Gt, ctx, frame);
      return;
    case AST_RELATIONAL_LEQ:
      relation(e, n, Rel::Le, ctx, frame);
      return;
    case AST_RELATIONAL_GEQ:
      relation(e, n, Rel::Ge, ctx, frame);
      return;
    case AST_RELATIONAL_EQ:
      relation(e, n, Rel::Eq, ctx, frame);
      return;
    case AST_RELATIONAL_NEQ:
      arity(n, 2, ctx);
      relation(e, n, Rel::Ne, ctx, frame);
      return;
    case AST_LOGICAL_AND:
    case AST_LOGICAL_OR:
    case AST_LOGICAL_XOR: {
      const Op op = n.getType() == AST_LOGICAL_AND  ? Op::And
                    : n.getType() == AST_LOGICAL_OR ? Op::Or
                                                    : Op::Xor;
      if (n.getNumChildren() == 0) {
        number(op == Op::And ? 1.0 : 0.0);
      } else {
        nary(e, n, op, ctx, frame);
      }
      return;
    }
    case AST_LOGICAL_NOT:
      arity(n, 1, ctx);
      node(e, *n.getChild(0), ctx, frame);
      e.emit({.op = Op::Not}, 1, 1);
      return;
    case AST_FUNCTION:
      call(e, n, ctx, frame);
      return;
    default:
      fail(ctx.line,
           fmt::format("the {}: MathML <{}> is not supported", ctx.what, element_name(n)));
  }
}

void Builder::name(Emitter& e, const std::string& id, const Context& ctx, const Frame* frame) {
  if (frame != nullptr) {
    // Inside a function definition only its arguments are visible.
    for (std::size_t i = 0; i < frame->names.size(); ++i) {
      if (frame->names[i] == id) {
        node(e, *frame->args[i], ctx, frame->caller);
        return;
      }
    }
    fail(ctx.line, fmt::format("the {}: function definition '{}' uses '{}', which is not one of "
                               "its arguments",
                               ctx.what, frame->function, id));
  }
  if (ctx.locals != nullptr) {
    if (const auto it = ctx.locals->find(id); it != ctx.locals->end()) {
      e.emit({.op = Op::Load, .a = it->second}, 0, 1);
      return;
    }
  }
  if (const auto it = impl_.globals.find(id); it != impl_.globals.end()) {
    e.emit({.op = Op::Load, .a = it->second}, 0, 1);
    return;
  }
  if (const auto it = other_ids_.find(id); it != other_ids_.end()) {
    fail(ctx.line, fmt::format("the {}: using the {} id '{}' as a value is not supported", ctx.what,
                               it->second, id));
  }
  if (m_.getFunctionDefinition(id) != nullptr) {
    fail(ctx.line, fmt::format("the {}: the function '{}' is used as a value", ctx.what, id));
  }
  fail(ctx.line, fmt::format("the {}: unknown identifier '{}'", ctx.what, id));
}

void Builder::call(Emitter& e, const ASTNode& n, const Context& ctx, const Frame* frame) {
  const std::string id = n.getName() != nullptr ? n.getName() : "";
  const FunctionDefinition* fd = m_.getFunctionDefinition(id);
  if (fd == nullptr) {
    fail(ctx.line, fmt::format("the {}: call of the unknown function '{}'", ctx.what, id));
  }
  if (fd->getNumArguments() != n.getNumChildren()) {
    fail(ctx.line, fmt::format("the {}: function '{}' takes {} arguments, called with {}", ctx.what,
                               id, fd->getNumArguments(), n.getNumChildren()));
  }
  if (fd->getBody() == nullptr) {
    fail(fd->getLine(), fmt::format("function definition '{}' has no body", id));
  }
  const int depth = frame != nullptr ? frame->depth + 1 : 1;
  if (depth > 64) {
    fail(fd->getLine(), fmt::format("function definition '{}' calls itself", id));
  }
  Frame inner;
  inner.function = id;
  inner.caller = frame;
  inner.depth = depth;
  for (unsigned int i = 0; i < fd->getNumArguments(); ++i) {
    const ASTNode* bvar = fd->getArgument(i);
    inner.names.emplace_back(bvar != nullptr && bvar->getName() != nullptr ? bvar->getName() : "");
    inner.args.push_back(n.getChild(i));
  }
  node(e, *fd->getBody(), ctx, &inner);
}

std::optional<std::uint32_t> Builder::threshold(const ASTNode& n, const Context& ctx,
                                                const Frame* frame) {
  Emitter sub;
  node(sub, n, ctx, frame);
  for (const Instr& in : sub.program.code) {
    if (in.op == Op::Time || in.op == Op::TimeCmp) return std::nullopt;
    if (in.op == Op::Load && !time_constant_[in.a]) return std::nullopt;
  }
  impl_.max_stack = std::max(impl_.max_stack, sub.program.max_stack);
  std::uint32_t slot = 0;
  if (sub.program.code.size() == 1 && sub.program.code[0].op == Op::Load) {
    slot = sub.program.code[0].a;  // time compared with a parameter: use it directly
  } else {
    slot = add_slot(fmt::format("<switch time {}>", threshold_slots_.size()), kNaN);
    thresholds_.push_back({.slot = slot,
                           .program = std::move(sub.program),
                           .line = ctx.line,
                           .what = fmt::format("switch time in the {}", ctx.what)});
  }
  threshold_slots_.push_back(slot);
  return slot;
}

void Builder::relation(Emitter& e, const ASTNode& n, Rel rel, const Context& ctx,
                       const Frame* frame) {
  const unsigned int count = n.getNumChildren();
  if (count < 2) {
    fail(ctx.line,
         fmt::format("the {}: <{}> needs at least two arguments", ctx.what, element_name(n)));
  }
  // time compared with a constant: a switch time, handled exactly by simulate().
  if (count == 2) {
    const ASTNode& l = *n.getChild(0);
    const ASTNode& r = *n.getChild(1);
    std::optional<std::uint32_t> slot;
    Rel time_rel = rel;
    if (l.getType() == AST_NAME_TIME && r.getType() != AST_NAME_TIME) {
      slot = threshold(r, ctx, frame);
    } else if (r.getType() == AST_NAME_TIME && l.getType() != AST_NAME_TIME) {
      slot = threshold(l, ctx, frame);
      time_rel = flipped(rel);
    }
    if (slot) {
      e.emit({.op = Op::TimeCmp, .rel = time_rel, .a = *slot}, 0, 1);
      return;
    }
  }
  // a < b < c is (a < b) and (b < c).
  for (unsigned int i = 0; i + 1 < count; ++i) {
    node(e, *n.getChild(i), ctx, frame);
    node(e, *n.getChild(i + 1), ctx, frame);
    e.emit({.op = Op::Cmp, .rel = rel}, 2, 1);
  }
  if (count > 2) e.emit({.op = Op::And, .a = count - 1}, count - 1, 1);
}

record::InputError input_error(const std::string& path, unsigned int line, std::string message) {
  record::InputError e;
  e.file = path;
  e.line = line;
  e.message = std::move(message);
  return e;
}

/// An OdeSystem that integrates the model on the right of the last switch passed.
class AfterSwitch final : public solver::OdeSystem {
 public:
  explicit AfterSwitch(const SbmlModel& model) : model_(model) {}
  [[nodiscard]] std::size_t size() const override { return model_.size(); }
  void rhs(double t, std::span<const double> y, std::span<double> dydt) const override {
    model_.rhs_after(since, t, y, dydt);
  }
  double since = kNoSwitch;

 private:
  const SbmlModel& model_;
};

}  // namespace

record::Result<SbmlModel> SbmlModel::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return input_error(path, 0,
                       std::filesystem::exists(path, ec)
                           ? "not a regular file"
                           : "cannot open the SBML file: no such file");
  }
  SBMLReader reader;
  const std::unique_ptr<SBMLDocument> doc(reader.readSBMLFromFile(path));
  if (!doc) return input_error(path, 0, "libSBML could not read the file");
  for (unsigned int i = 0; i < doc->getNumErrors(); ++i) {
    const SBMLError* e = doc->getError(i);
    if (e->isError() || e->isFatal()) {
      return input_error(path, e->getLine(), "libSBML: " + one_line(e->getMessage()));
    }
  }
  if (doc->getLevel() < 2) {
    return input_error(
        path, 0,
        fmt::format("SBML Level {} is not supported (Level 2 or 3 needed)", doc->getLevel()));
  }
  // Level 3 packages that change the model's meaning (required="true") are refused; Level 2
  // has no packages (libSBML still attaches its annotation-based layout plugin).
  for (unsigned int i = 0; doc->getLevel() >= 3 && i < doc->getNumPlugins(); ++i) {
    const std::string package = doc->getPlugin(i)->getPackageName();
    if (doc->isPackageEnabled(package) && doc->getPackageRequired(package)) {
      return input_error(path, 0,
                         fmt::format("the required SBML package '{}' is not supported", package));
    }
  }
  const Model* model = doc->getModel();
  if (model == nullptr) return input_error(path, 0, "the file has no <model>");
  auto impl = std::make_shared<Impl>();
  impl->file = path;
  try {
    Builder(*model, *impl).build();
  } catch (const LoadError& e) {
    return input_error(path, e.line, e.message);
  }
  return SbmlModel(std::move(impl));
}

std::size_t SbmlModel::size() const {
  return impl_->state_slots.size();
}

void SbmlModel::rhs(double t, std::span<const double> y, std::span<double> dydt) const {
  impl_->derivatives(t, kNoSwitch, y, dydt);
}

void SbmlModel::rhs_after(double since, double t, std::span<const double> y,
                          std::span<double> dydt) const {
  impl_->derivatives(t, since, y, dydt);
}

std::vector<double> SbmlModel::initial_state() const {
  return impl_->y0;
}

const std::vector<std::string>& SbmlModel::state_ids() const {
  return impl_->state_ids;
}

bool SbmlModel::has(std::string_view id) const {
  return impl_->globals.contains(std::string(id));
}

double SbmlModel::value(std::string_view id, double t, std::span<const double> y) const {
  const auto it = impl_->globals.find(std::string(id));
  if (it == impl_->globals.end()) {
    throw std::out_of_range(
        fmt::format("SBML model '{}' ({}) has no compartment, species or "
                    "parameter '{}'",
                    impl_->model_id, impl_->file, id));
  }
  if (y.size() != size()) {
    throw std::invalid_argument(
        fmt::format("SbmlModel::value: {} states given, the model has {}", y.size(), size()));
  }
  Scratch& s = scratch(impl_->base.size(), impl_->max_stack);
  impl_->evaluate(t, kNoSwitch, y, s.values.data(), s.stack.data());
  return s.values[it->second];
}

const std::vector<double>& SbmlModel::switch_times() const {
  return impl_->switch_times;
}

const std::string& SbmlModel::id() const {
  return impl_->model_id;
}

const std::string& SbmlModel::name() const {
  return impl_->model_name;
}

std::vector<std::vector<double>> SbmlModel::simulate(solver::CvodeSolver& solver,
                                                     std::span<const double> times) const {
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!(times[i] >= 0.0) || (i > 0 && times[i] < times[i - 1])) {
      throw std::invalid_argument(
          "SbmlModel::simulate: output times must be ascending and not negative");
    }
  }
  AfterSwitch system(*this);
  std::vector<double> y = initial_state();
  const std::vector<double>& switches = switch_times();
  auto next = std::upper_bound(switches.begin(), switches.end(), 0.0);
  if (next != switches.begin() && *std::prev(next) == 0.0) system.since = 0.0;
  solver.start(system, 0.0, y);
  std::vector<std::vector<double>> out;
  out.reserve(times.size());
  for (double t : times) {
    for (; next != switches.end() && *next <= t; ++next) {
      solver.advance(*next, y);
      system.since = *next;
      solver.reset_state(y);
    }
    solver.advance(t, y);
    out.push_back(y);
  }
  return out;
}

}  // namespace cytostorm::model
