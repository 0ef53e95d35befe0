// Copyright 2026 The admon Authors.
#include "parsers/selector.h"

#include <cctype>
#include <cstring>
#include <strings.h>
#include <utility>

#include "absl/status/status.h"
#include "parsers/text.h"

namespace admon::parsers {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

std::string LowerAscii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool HasClass(const char* classes, std::string_view cls) {
  std::string_view s = classes;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i && s.substr(i, j - i) == cls) return true;
    i = j;
  }
  return false;
}

}  // namespace

absl::StatusOr<Selector> Selector::Parse(std::string_view text) {
  auto error = [&](size_t pos, std::string_view what) {
    return absl::InvalidArgumentError("selector \"" + std::string(text) + "\" at " + std::to_string(pos) + ": " +
                                      std::string(what));
  };
  if (text.size() > kMaxSelectorBytes) return error(0, "longer than kMaxSelectorBytes");
  Selector sel;
  sel.text_ = std::string(text);
  Group group;
  Compound cur;
  bool cur_empty = true;
  Combinator pending = Combinator::kNone;
  size_t i = 0, n = text.size();
  auto name_at = [&](size_t* pos) {
    size_t b = *pos;
    while (*pos < n && IsNameChar(text[*pos])) ++*pos;
    return std::string(text.substr(b, *pos - b));
  };
  auto end_compound = [&]() -> absl::Status {
    if (cur_empty) return absl::OkStatus();
    cur.left = group.empty() ? Combinator::kNone : (pending == Combinator::kNone ? Combinator::kDescendant : pending);
    group.push_back(std::move(cur));
    if (group.size() > kMaxCompounds) return error(i, "more than kMaxCompounds compounds");
    cur = Compound();
    cur_empty = true;
    pending = Combinator::kNone;
    return absl::OkStatus();
  };
  auto end_group = [&]() -> absl::Status {
    if (group.empty()) return error(i, "empty selector group");
    if (pending == Combinator::kChild) return error(i, "'>' without a right-hand compound");
    sel.groups_.push_back(std::move(group));
    group.clear();
    return absl::OkStatus();
  };
  while (i < n) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (auto s = end_compound(); !s.ok()) return s;
      ++i;
      continue;
    }
    if (c == '>') {
      if (auto s = end_compound(); !s.ok()) return s;
      if (group.empty() || pending == Combinator::kChild) return error(i, "'>' without a left-hand compound");
      pending = Combinator::kChild;
      ++i;
      continue;
    }
    if (c == ',') {
      if (auto s = end_compound(); !s.ok()) return s;
      if (auto s = end_group(); !s.ok()) return s;
      ++i;
      continue;
    }
    if (c == '*') {
      if (!cur_empty) return error(i, "'*' inside a compound");
      cur_empty = false;
      ++i;
      continue;
    }
    if (c == '#' || c == '.') {
      ++i;
      std::string name = name_at(&i);
      if (name.empty()) return error(i, c == '#' ? "empty #id" : "empty .class");
      if (c == '#') cur.id = name; else cur.classes.push_back(name);
      cur_empty = false;
      continue;
    }
    if (c == '[') {
      ++i;
      while (i < n && text[i] == ' ') ++i;
      std::string name = LowerAscii(name_at(&i));
      if (name.empty()) return error(i, "empty [attribute]");
      while (i < n && text[i] == ' ') ++i;
      AttrTest t{name, std::nullopt};
      if (i < n && text[i] == '=') {
        ++i;
        while (i < n && text[i] == ' ') ++i;
        std::string value;
        if (i < n && (text[i] == '"' || text[i] == '\'')) {
          char q = text[i++];
          size_t b = i;
          while (i < n && text[i] != q) ++i;
          if (i >= n) return error(b, "unterminated quoted value");
          value = std::string(text.substr(b, i - b));
          ++i;
        } else {
          value = name_at(&i);
          if (value.empty()) return error(i, "empty attribute value");
        }
        while (i < n && text[i] == ' ') ++i;
        t.value = value;
      }
      if (i >= n || text[i] != ']') return error(i, "expected ']'");
      ++i;
      cur.attrs.push_back(std::move(t));
      cur_empty = false;
      continue;
    }
    if (IsNameChar(c)) {
      if (!cur_empty) return error(i, "tag name inside a compound");
      cur.tag = LowerAscii(name_at(&i));
      cur.tag_enum = gumbo_tag_enum(cur.tag.c_str());
      cur_empty = false;
      continue;
    }
    return error(i, std::string("unsupported character '") + c + "'");
  }
  if (auto s = end_compound(); !s.ok()) return s;
  if (auto s = end_group(); !s.ok()) return s;

  // Value attribute: the same trailing presence-only test in every group.
  std::string va;
  for (size_t g = 0; g < sel.groups_.size(); ++g) {
    const Compound& last = sel.groups_[g].back();
    std::string this_va;
    if (!last.attrs.empty() && !last.attrs.back().value.has_value() && last.attrs.back().name != "class" &&
        last.attrs.back().name != "id") {
      this_va = last.attrs.back().name;
    }
    if (g == 0) va = this_va;
    else if (va != this_va) va.clear();
  }
  sel.value_attribute_ = va;
  return sel;
}

Selector::IdClass Selector::IdClassOf(const GumboNode* element) {
  IdClass out;
  const GumboVector& attrs = element->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    // As gumbo_get_attribute: the first of a name, in any case.
    if (out.id == nullptr && strcasecmp(a->name, "id") == 0) out.id = a->value;
    else if (out.cls == nullptr && strcasecmp(a->name, "class") == 0) out.cls = a->value;
  }
  return out;
}

bool Selector::MatchCompound(const Compound& c, const GumboNode* node, const IdClass* known) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return false;
  if (!c.tag.empty()) {
    // Known tags compare Gumbo's enum (TagName would build a string per node).
    const GumboTag tag = node->v.element.tag;
    if (c.tag_enum != GUMBO_TAG_UNKNOWN ? tag != c.tag_enum : tag != GUMBO_TAG_UNKNOWN || TagName(node) != c.tag) {
      return false;
    }
  }
  if (!c.id.empty()) {
    const char* id = known != nullptr ? known->id : AttrValue(node, "id");
    if (id == nullptr || c.id != id) return false;
  }
  if (!c.classes.empty()) {
    const char* cls = known != nullptr ? known->cls : AttrValue(node, "class");
    if (cls == nullptr) return false;
    for (const std::string& k : c.classes) {
      if (!HasClass(cls, k)) return false;
    }
  }
  for (const AttrTest& t : c.attrs) {
    const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, t.name.c_str());
    if (a == nullptr) return false;
    if (t.value.has_value() && *t.value != a->value) return false;
  }
  return true;
}

// Does compound `index` (and everything left of it) match with `node` as its subject?
bool Selector::MatchGroup(const Group& g, int index, const GumboNode* node, FailSet* failed) {
  if (node == nullptr || failed->contains({node, index})) return false;
  bool ok = false;
  if (MatchCompound(g[index], node)) {
    if (index == 0) return true;
    const GumboNode* p = node->parent;
    if (g[index].left == Combinator::kChild) {
      ok = MatchGroup(g, index - 1, p, failed);
    } else {
      for (; p != nullptr && !ok; p = p->parent) ok = MatchGroup(g, index - 1, p, failed);  // any ancestor
    }
  }
  if (!ok) failed->insert({node, index});
  return ok;
}

bool Selector::Matches(const GumboNode* node) const {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return false;
  return Matches(node, IdClassOf(node));
}

bool Selector::Matches(const GumboNode* element, const IdClass& known) const {
  for (const Group& g : groups_) {
    // Most elements fail the subject compound: no memo needed for them.
    if (!MatchCompound(g.back(), element, &known)) continue;
    if (g.size() == 1) return true;
    if (g.size() == 2) {  // "A B" or "A > B": each ancestor is tried once, so no memo is needed
      for (const GumboNode* p = element->parent; p != nullptr; p = p->parent) {
        if (MatchCompound(g[0], p)) return true;
        if (g[1].left == Combinator::kChild) break;
      }
      continue;
    }
    FailSet failed;
    if (MatchGroup(g, static_cast<int>(g.size()) - 1, element, &failed)) return true;
  }
  return false;
}

std::vector<const GumboNode*> Selector::SelectAll(const GumboNode* root, size_t max) const {
  return std::move(SelectEach(root, {this}, {max})[0]);
}

std::vector<std::vector<const GumboNode*>> Selector::SelectEach(const GumboNode* root,
                                                                const std::vector<const Selector*>& selectors,
                                                                const std::vector<size_t>& max) {
  std::vector<std::vector<const GumboNode*>> out(selectors.size());
  size_t open = 0;  // selectors still short of their max
  for (size_t k = 0; k < selectors.size(); ++k) open += max[k] > 0;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty() && open > 0) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) continue;
    const GumboVector* kids = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      kids = &n->v.document.children;
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      if (n->type == GUMBO_NODE_ELEMENT) {
        const IdClass known = IdClassOf(n);
        for (size_t k = 0; k < selectors.size(); ++k) {
          if (out[k].size() >= max[k] || !selectors[k]->Matches(n, known)) continue;
          out[k].push_back(n);
          open -= out[k].size() == max[k];
        }
      }
      kids = &n->v.element.children;
    }
    if (kids == nullptr) continue;
    for (unsigned i = kids->length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids->data[i]));
  }
  return out;
}

const GumboNode* Selector::SelectFirst(const GumboNode* root) const {
  std::vector<const GumboNode*> v = SelectAll(root, 1);
  return v.empty() ? nullptr : v.front();
}

std::ostream& operator<<(std::ostream& os, const Selector& s) { return os << "Selector(" << s.text() << ")"; }

}  // namespace admon::parsers
