// Copyright 2026 The admon Authors.
//
// Loading and validating config/indicators.yaml into a compiled Catalogue.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "config/reader.h"
#include "config/yaml.h"
#include "indicators/catalogue_impl.h"

namespace admon::indicators {
namespace {

using config::ConfigError;
using config::MapReader;
using config::Node;

const std::vector<std::string> kDetectorKinds = {"patterns", "emoji", "age", "price_below", "nationality",
                                                 "phone_region", "phone_styles", "cluster"};

// Statistics a cluster detector may test (ClusterFacts fields and shares).
const std::vector<std::string> kStatistics = {
    "adverts", "phones", "names", "ages", "nationalities", "towns", "max_names_per_phone",
    "max_ages_per_phone", "max_nationalities_per_phone", "max_phones_per_profile", "images_across_phones",
    "images_across_names", "max_town_moves", "templated_text_links", "max_adverts_per_phone_per_day",
    "indicator_share", "category_share", "flagged_share", "max_advert_score"};

struct Item {
  std::string text;
  int line = 0;
  std::string path;
};

// A list of scalars with each item's line and path (for pattern errors).
absl::Status ReadItems(MapReader& r, std::string_view key, std::vector<Item>* out) {
  const Node* n = r.Child(key);
  if (n == nullptr || n->kind == Node::Kind::kNull) return absl::OkStatus();
  if (n->kind != Node::Kind::kSequence) return r.Error(key, "expected a list");
  for (size_t i = 0; i < n->items.size(); ++i) {
    const Node& it = n->items[i];
    std::string path = absl::StrCat(r.PathOf(key), "[", i, "]");
    if (it.kind != Node::Kind::kScalar || it.scalar.empty()) {
      return ConfigError(r.file(), it.line, path, "expected a non-empty string");
    }
    out->push_back({it.scalar, it.line, path});
  }
  return absl::OkStatus();
}

absl::Status ReadParams(MapReader& parent, std::string_view key, ScoringParams* p) {
  const Node* n = parent.Child(key);
  if (n == nullptr) return parent.Error("", absl::StrCat("missing required key \"", AV(key), "\""));
  MapReader r(*n, parent.file(), parent.PathOf(key));
  ADMON_RETURN_IF_ERROR(r.Optional("bias", &p->bias, 0.0, 1000.0));
  ADMON_RETURN_IF_ERROR(r.Optional("scale", &p->scale, 0.01, 1000.0));
  ADMON_RETURN_IF_ERROR(r.Optional("review_at", &p->review_at, 0.0, 1.0));
  ADMON_RETURN_IF_ERROR(r.Optional("urgent_at", &p->urgent_at, 0.0, 1.0));
  ADMON_RETURN_IF_ERROR(r.Finish());
  if (p->review_at > p->urgent_at) return r.Error("review_at", "must not be above urgent_at");
  return absl::OkStatus();
}

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(kRe2SetMaxMemBytes);
  return o;
}

// U+FE0F (variation selector-16) is optional in real text: match the base.
std::string StripVariationSelectors(std::string s) {
  static const std::string kVs16 = "\xEF\xB8\x8F";
  size_t pos;
  while ((pos = s.find(kVs16)) != std::string::npos) s.erase(pos, kVs16.size());
  return s;
}

// True if `re` can match zero bytes (it would "fire" on any text).
bool MatchesEmpty(const RE2& re) {
  for (const char* probe : {"", " ", "a", "a b", "1"}) {
    re2::StringPiece text(probe), m;
    if (re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1) && m.empty()) return true;
  }
  return false;
}

// Appends RE2's error to a "bad pattern" status.
absl::Status BadPattern(const absl::Status& base, const RE2& re) {
  return absl::InvalidArgumentError(absl::StrCat(base.message(), ": ", re.error()));
}

// Compiles one pattern (word-bounded) or emoji (literal) and adds it to the
// field sets it scans.
absl::Status AddPattern(const std::string& file, const Item& item, bool emoji, bool exclude, int ind_index,
                        Indicator* ind, std::vector<std::vector<std::pair<std::string, FieldSet::Entry>>>* pending) {
  // `regex` goes into the field's Set; `span_regex` finds spans. For word
  // patterns the span regex drops the leading \b (ScanField checks it by
  // hand): a leading \b stops RE2's literal-prefix acceleration (10x slower).
  std::string regex, span_regex;
  if (emoji) {
    std::string base = StripVariationSelectors(item.text);
    if (base.empty()) return ConfigError(file, item.line, item.path, "empty emoji");
    regex = span_regex = RE2::QuoteMeta(base);
  } else {
    regex = absl::StrCat("\\b(?:", item.text, ")\\b");
    span_regex = absl::StrCat("(?:", item.text, ")\\b");
  }
  auto error = [&](std::string_view what) {
    return ConfigError(file, item.line, item.path,
                       absl::StrCat("indicator ", ind->info.id, ": ", AV(what), " \"", item.text, "\""));
  };
  auto re = std::make_unique<RE2>(regex, PatternOptions());
  if (!re->ok()) return BadPattern(error("bad pattern"), *re);
  if (MatchesEmpty(*re)) return error("pattern matches empty text:");
  if (!emoji) {
    re = std::make_unique<RE2>(span_regex, PatternOptions());
    if (!re->ok()) return BadPattern(error("bad pattern"), *re);
  }
  auto& list = exclude ? ind->excludes : ind->patterns;
  FieldSet::Entry e{ind_index, static_cast<int>(list.size()), exclude};
  list.push_back(std::move(re));
  for (int f = 0; f < kNumTextFields; ++f) {
    if (ind->scans[f]) (*pending)[f].push_back({regex, e});
  }
  return absl::OkStatus();
}

absl::Status ReadTextDetector(MapReader& d, bool emoji, const std::string& file, int ind_index, Indicator* ind,
                              std::vector<std::vector<std::pair<std::string, FieldSet::Entry>>>* pending) {
  ind->kind = emoji ? DetectorKind::kEmoji : DetectorKind::kPatterns;
  ind->info.detector = emoji ? "emoji" : "patterns";
  std::vector<std::string> fields;
  ADMON_RETURN_IF_ERROR(d.Optional("fields", &fields));
  ind->scans.assign(kNumTextFields, fields.empty());
  for (const std::string& f : fields) {
    auto* it = std::find_if(std::begin(kTextFields), std::end(kTextFields), [&](const char* k) { return f == k; });
    if (it == std::end(kTextFields)) {
      return d.Error("fields", absl::StrCat("unknown field \"", f, "\"; expected one of title, description, name, "
                                            "location_text, services"));
    }
    ind->scans[it - std::begin(kTextFields)] = true;
  }
  std::vector<Item> items, excludes;
  ADMON_RETURN_IF_ERROR(ReadItems(d, emoji ? "emoji" : "patterns", &items));
  if (items.empty()) return d.Error(emoji ? "emoji" : "patterns", "must list at least one entry");
  if (!emoji) ADMON_RETURN_IF_ERROR(ReadItems(d, "exclude", &excludes));
  for (const Item& it : items) ADMON_RETURN_IF_ERROR(AddPattern(file, it, emoji, false, ind_index, ind, pending));
  for (const Item& it : excludes) ADMON_RETURN_IF_ERROR(AddPattern(file, it, false, true, ind_index, ind, pending));
  return absl::OkStatus();
}

absl::Status ReadDetector(const Node& node, const std::string& file, const std::string& path, int ind_index,
                          Indicator* ind,
                          std::vector<std::vector<std::pair<std::string, FieldSet::Entry>>>* pending) {
  MapReader d(node, file, path);
  ADMON_RETURN_IF_ERROR(d.status());
  std::vector<std::string> kinds;
  for (const auto& k : kDetectorKinds) {
    if (node.Find(k) != nullptr) kinds.push_back(k);
  }
  if (kinds.size() != 1) {
    return d.Error("", absl::StrCat("expected exactly one detector kind (", absl::StrJoin(kDetectorKinds, ", "),
                                    "), got ", kinds.size()));
  }
  const std::string& kind = kinds[0];
  bool cluster = kind == "cluster";
  if (cluster != (ind->info.scope == Scope::kCluster)) {
    return d.Error(kind, cluster ? "a cluster detector needs scope: cluster" : "needs scope: advert");
  }
  if (kind == "patterns" || kind == "emoji") {
    ADMON_RETURN_IF_ERROR(ReadTextDetector(d, kind == "emoji", file, ind_index, ind, pending));
    return d.Finish();
  }
  if (kind == "phone_region") {
    ind->kind = DetectorKind::kPhoneRegion;
    ADMON_RETURN_IF_ERROR(d.Optional("phone_region", &ind->regions));
    if (ind->regions.empty()) return d.Error(kind, "must list at least one region");
    for (auto& r : ind->regions) absl::AsciiStrToUpper(&r);
    ind->info.detector = "phone_region";
    return d.Finish();
  }
  const Node* sub = d.Child(kind);
  MapReader s(*sub, file, d.PathOf(kind));
  ADMON_RETURN_IF_ERROR(s.status());
  ind->info.detector = kind;
  if (kind == "age") {
    ind->kind = DetectorKind::kAge;
    int64_t lo = 0, hi = 0;
    ADMON_RETURN_IF_ERROR(s.Optional("min", &lo, 0, 150));
    ADMON_RETURN_IF_ERROR(s.Optional("max", &hi, 0, 150));
    if (s.Child("min") == nullptr || s.Child("max") == nullptr) return s.Error("", "needs min and max (years)");
    if (lo > hi) return s.Error("min", "must not be above max");
    ind->age_min = static_cast<int>(lo);
    ind->age_max = static_cast<int>(hi);
  } else if (kind == "price_below") {
    ind->kind = DetectorKind::kPriceBelow;
    if (s.Child("pounds_per_hour") == nullptr) return s.Error("", "missing required key \"pounds_per_hour\"");
    ADMON_RETURN_IF_ERROR(s.Optional("pounds_per_hour", &ind->pounds_per_hour, 0.01, 1e6));
  } else if (kind == "nationality") {
    ind->kind = DetectorKind::kNationality;
    ADMON_RETURN_IF_ERROR(s.Optional("except", &ind->except));
    for (auto& e : ind->except) absl::AsciiStrToLower(&e);
  } else if (kind == "phone_styles") {
    ind->kind = DetectorKind::kPhoneStyles;
    ADMON_RETURN_IF_ERROR(s.Optional("any_not_in", &ind->any_not_in));
    ADMON_RETURN_IF_ERROR(s.Optional("all_in", &ind->all_in));
    if (ind->any_not_in.empty() == ind->all_in.empty()) return s.Error("", "needs exactly one of any_not_in, all_in");
  } else if (kind == "cluster") {
    ind->kind = DetectorKind::kCluster;
    ADMON_RETURN_IF_ERROR(s.OptionalEnum("statistic", kStatistics, &ind->statistic));
    if (ind->statistic.empty()) return s.Error("", "missing required key \"statistic\"");
    if (s.Child("at_least") == nullptr) return s.Error("", "missing required key \"at_least\"");
    ADMON_RETURN_IF_ERROR(s.Optional("at_least", &ind->at_least, 1e-9, 1e9));
    int64_t min_adverts = 1;
    ADMON_RETURN_IF_ERROR(s.Optional("min_adverts", &min_adverts, 1, 1000000));
    ind->min_adverts = static_cast<int>(min_adverts);
    if (ind->statistic == "indicator_share") ADMON_RETURN_IF_ERROR(s.Required("indicator", &ind->stat_key));
    if (ind->statistic == "category_share") ADMON_RETURN_IF_ERROR(s.Required("category", &ind->stat_key));
    ind->info.detector = absl::StrCat("cluster:", ind->statistic);
  }
  ADMON_RETURN_IF_ERROR(s.Finish());
  return d.Finish();
}

bool ValidId(const std::string& id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_'; });
}

absl::StatusOr<std::unique_ptr<Catalogue::Impl>> Build(const Node& root, const std::string& file) {
  auto impl = std::make_unique<Catalogue::Impl>();
  MapReader r(root, file, "");
  ADMON_RETURN_IF_ERROR(r.Required("version", &impl->version));
  const Node* scoring = r.Child("scoring");
  if (scoring == nullptr) return r.Error("", "missing required key \"scoring\"");
  MapReader sr(*scoring, file, "scoring");
  ADMON_RETURN_IF_ERROR(ReadParams(sr, "advert", &impl->advert));
  ADMON_RETURN_IF_ERROR(ReadParams(sr, "cluster", &impl->cluster));
  ADMON_RETURN_IF_ERROR(sr.Finish());

  const Node* list = r.Child("indicators");
  if (list == nullptr || list->kind != Node::Kind::kSequence || list->items.empty()) {
    return r.Error(list == nullptr ? "" : "indicators", "expected a non-empty list \"indicators\"");
  }
  if (list->items.size() > kMaxIndicators) return r.Error("indicators", "too many indicators");
  ADMON_RETURN_IF_ERROR(r.Finish());

  std::vector<std::vector<std::pair<std::string, FieldSet::Entry>>> pending(kNumTextFields);
  std::map<std::string, int> index;
  std::vector<std::vector<std::pair<std::string, int>>> requires_names(list->items.size());
  for (size_t i = 0; i < list->items.size(); ++i) {
    std::string path = absl::StrCat("indicators[", i, "]");
    MapReader ir(list->items[i], file, path);
    Indicator ind;
    IndicatorInfo& info = ind.info;
    ADMON_RETURN_IF_ERROR(ir.Required("id", &info.id));
    if (!ValidId(info.id)) return ir.Error("id", "must be lower-case letters, digits and _");
    if (!index.emplace(info.id, static_cast<int>(i)).second) {
      return ir.Error("id", absl::StrCat("duplicate indicator id \"", info.id, "\""));
    }
    ADMON_RETURN_IF_ERROR(ir.Required("category", &info.category));
    ADMON_RETURN_IF_ERROR(ir.Required("description", &info.description));
    ADMON_RETURN_IF_ERROR(ir.Required("provenance", &info.provenance));
    std::string scope;
    ADMON_RETURN_IF_ERROR(ir.OptionalEnum("scope", {"advert", "cluster"}, &scope));
    if (scope.empty()) return ir.Error("", "missing required key \"scope\"");
    info.scope = scope == "cluster" ? Scope::kCluster : Scope::kAdvert;
    if (ir.Child("weight") == nullptr) return ir.Error("", "missing required key \"weight\"");
    ADMON_RETURN_IF_ERROR(ir.Optional("weight", &info.weight, 0.0, 100.0));
    ADMON_RETURN_IF_ERROR(ir.Optional("counter", &info.counter));
    ADMON_RETURN_IF_ERROR(ir.Optional("urgent", &info.urgent));
    if (info.counter && info.urgent) return ir.Error("urgent", "a counter-indicator cannot force urgent");
    std::vector<Item> req;
    ADMON_RETURN_IF_ERROR(ReadItems(ir, "requires_any", &req));
    for (const Item& it : req) requires_names[i].push_back({it.text, it.line});
    const Node* det = ir.Child("detector");
    if (det == nullptr) return ir.Error("", "missing required key \"detector\"");
    ADMON_RETURN_IF_ERROR(ReadDetector(*det, file, ir.PathOf("detector"), static_cast<int>(i), &ind, &pending));
    ADMON_RETURN_IF_ERROR(ir.Finish());
    impl->indicators.push_back(std::move(ind));
  }

  // Combination rules: requires_any names indicators of the same scope that
  // have no requires_any themselves (one level, evaluated in one pass).
  for (size_t i = 0; i < requires_names.size(); ++i) {
    std::string path = absl::StrCat("indicators[", i, "].requires_any");
    for (const auto& [name, line] : requires_names[i]) {
      auto it = index.find(name);
      if (it == index.end()) return ConfigError(file, line, path, absl::StrCat("unknown indicator \"", name, "\""));
      const Indicator& target = impl->indicators[it->second];
      if (!requires_names[it->second].empty() || target.info.scope != impl->indicators[i].info.scope ||
          it->second == static_cast<int>(i)) {
        return ConfigError(file, line, path,
                           absl::StrCat("\"", name, "\" must be another indicator of the same scope without "
                                        "requires_any"));
      }
      impl->indicators[i].requires_any.push_back(it->second);
    }
  }

  for (int f = 0; f < kNumTextFields; ++f) {
    if (pending[f].empty()) continue;
    FieldSet& fs = impl->fields[f];
    fs.set = std::make_unique<RE2::Set>(PatternOptions(), RE2::UNANCHORED);
    for (auto& [regex, entry] : pending[f]) {
      std::string err;
      if (fs.set->Add(regex, &err) < 0) {
        return absl::InvalidArgumentError(absl::StrCat(file, ": indicator ", impl->indicators[entry.indicator].info.id,
                                                       ": pattern set rejected \"", regex, "\": ", err));
      }
      fs.entries.push_back(entry);
    }
    if (!fs.set->Compile()) {
      return absl::ResourceExhaustedError(
          absl::StrCat(file, ": RE2::Set for field ", kTextFields[f], " failed to compile (memory budget)"));
    }
  }
  return impl;
}

}  // namespace

Catalogue::Catalogue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Catalogue::~Catalogue() = default;

absl::StatusOr<std::unique_ptr<const Catalogue>> Catalogue::LoadFromString(std::string_view text,
                                                                           std::string_view name) {
  ADMON_ASSIGN_OR_RETURN(Node root, config::ParseYaml(text, name));
  ADMON_ASSIGN_OR_RETURN(auto impl, Build(root, std::string(name)));
  return std::unique_ptr<const Catalogue>(new Catalogue(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<const Catalogue>> Catalogue::Load(const std::string& path) {
  ADMON_ASSIGN_OR_RETURN(Node root, config::LoadYamlFile(path));
  ADMON_ASSIGN_OR_RETURN(auto impl, Build(root, path));
  return std::unique_ptr<const Catalogue>(new Catalogue(std::move(impl)));
}

const std::string& Catalogue::version() const { return impl_->version; }
const ScoringParams& Catalogue::advert_params() const { return impl_->advert; }
const ScoringParams& Catalogue::cluster_params() const { return impl_->cluster; }

std::vector<IndicatorInfo> Catalogue::List() const {
  std::vector<IndicatorInfo> out;
  for (const Indicator& ind : impl_->indicators) out.push_back(ind.info);
  return out;
}

double Logistic01(double sum, const ScoringParams& p) {
  if (sum <= 0) return 0;
  auto sigma = [&](double x) { return 1.0 / (1.0 + std::exp(-(x - p.bias) / p.scale)); };
  double s0 = sigma(0);
  double v = (sigma(sum) - s0) / (1.0 - s0);
  return std::clamp(v, 0.0, 1.0);
}

}  // namespace admon::indicators
