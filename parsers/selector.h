// Copyright 2026 The admon Authors.
//
// A small CSS-like selector engine over Gumbo trees, for the per-site field
// rules in config/sites.yaml (`fields`). Debian packages no selector library
// for Gumbo worth depending on (gumbo-query is unpackaged and unmaintained),
// so this supports exactly what the site rules need:
//
//   tag  #id  .class  [attr]  [attr=value]  [attr="value"]  *
//   compounds (div.a.b[x])  descendant ' '  child '>'  groups ','
//
// Matching walks ancestors via parent pointers; SelectAll walks the tree
// iteratively (untrusted depth). Selector text is limited (kMaxSelectorBytes,
// kMaxCompounds) so matching cost stays bounded.
//
// Thread safety: a parsed Selector is immutable and may be shared.
#ifndef ADMON_PARSERS_SELECTOR_H_
#define ADMON_PARSERS_SELECTOR_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "gumbo.h"

namespace admon::parsers {

inline constexpr size_t kMaxSelectorBytes = 1024;  // a site rule, not a stylesheet
inline constexpr size_t kMaxCompounds = 16;        // per group; bounds ancestor backtracking

class Selector {
 public:
  // InvalidArgument naming the selector and the offending position.
  static absl::StatusOr<Selector> Parse(std::string_view text);

  bool Matches(const GumboNode* node) const;
  // Matching elements under `root` (inclusive) in document order, at most `max`.
  std::vector<const GumboNode*> SelectAll(const GumboNode* root, size_t max = 10000) const;
  const GumboNode* SelectFirst(const GumboNode* root) const;
  // SelectAll of several selectors in one walk of the tree, reading each
  // element's id and class once: out[k] == selectors[k]->SelectAll(root, max[k]).
  // REQUIRES: max.size() == selectors.size(); no selector is null.
  static std::vector<std::vector<const GumboNode*>> SelectEach(const GumboNode* root,
                                                               const std::vector<const Selector*>& selectors,
                                                               const std::vector<size_t>& max);

  // When the rightmost compound of every group ends in one presence-only
  // attribute test other than class/id (".phone[data-phone]"), the attribute
  // whose value the field takes instead of the element text; else empty.
  const std::string& value_attribute() const { return value_attribute_; }
  const std::string& text() const { return text_; }

 private:
  struct AttrTest {
    std::string name;
    std::optional<std::string> value;
  };
  enum class Combinator { kNone, kDescendant, kChild };  // relation to the compound on the left
  struct Compound {
    std::string tag;  // lower case; empty = any
    GumboTag tag_enum = GUMBO_TAG_UNKNOWN;  // Gumbo's enum for `tag` (UNKNOWN: compare names)
    std::string id;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
    Combinator left = Combinator::kNone;
  };
  using Group = std::vector<Compound>;

  // An element's id and class attribute values (null when absent).
  struct IdClass {
    const char* id = nullptr;
    const char* cls = nullptr;
  };
  static IdClass IdClassOf(const GumboNode* element);
  // `known`: the element's IdClass, or null to look the attributes up.
  static bool MatchCompound(const Compound& c, const GumboNode* node, const IdClass* known = nullptr);
  bool Matches(const GumboNode* element, const IdClass& known) const;
  using FailSet = absl::flat_hash_set<std::pair<const GumboNode*, int>>;
  // `failed` memoises (node, index) pairs that cannot match: keeps matching polynomial.
  static bool MatchGroup(const Group& g, int index, const GumboNode* node, FailSet* failed);

  std::string text_;
  std::vector<Group> groups_;
  std::string value_attribute_;
};

std::ostream& operator<<(std::ostream& os, const Selector& s);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_SELECTOR_H_
