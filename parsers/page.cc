// Copyright 2026 The admon Authors.
#include "parsers/page.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "common/sha256.h"
#include "gumbo.h"
#include "parsers/fields.h"
#include "parsers/html_tree.h"
#include "parsers/text.h"
#include "re2/re2.h"

namespace admon::parsers {
namespace {

const char* const kKnownFields[] = {"title", "name", "age", "location", "price", "description", "phone",
                                    "images", "posted", "updated", "profile", "services", "nationality",
                                    "languages"};


// ------------------------------------------------------------- tree helpers

// Elements under `root` (pre-order, iterative) satisfying `pred`, at most
// `max`; excluded subtrees are skipped.
std::vector<const GumboNode*> Collect(const GumboNode* root, const std::function<bool(const GumboNode*)>& pred,
                                      const ExcludeFn& exclude, size_t max) {
  std::vector<const GumboNode*> out;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty() && out.size() < max) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (exclude && exclude(n)) continue;
      if (pred(n)) out.push_back(n);
    }
    const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  return out;
}

const GumboNode* FindFirst(const GumboNode* root, const std::function<bool(const GumboNode*)>& pred,
                           const ExcludeFn& exclude = {}) {
  std::vector<const GumboNode*> v = Collect(root, pred, exclude, 1);
  return v.empty() ? nullptr : v[0];
}

std::vector<const GumboNode*> FindAll(const GumboNode* root, GumboTag tag, const ExcludeFn& exclude) {
  return Collect(root, [tag](const GumboNode* n) { return n->v.element.tag == tag; }, exclude, SIZE_MAX);
}

bool IsTag(const GumboNode* n, GumboTag t) { return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == t; }

bool HasAncestor(const GumboNode* n, std::initializer_list<GumboTag> tags) {
  for (const GumboNode* p = n->parent; p != nullptr; p = p->parent) {
    for (GumboTag t : tags) if (IsTag(p, t)) return true;
  }
  return false;
}

// Furniture containers for the generic parser (see page.h).
bool IsFurnitureContainer(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT) return false;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_NAV) return true;
  if ((t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_HEADER) && !HasAncestor(n, {GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN})) {
    return true;
  }
  if (const char* role = AttrValue(n, "role")) {
    std::string r = AsciiLower(role);
    if (r == "complementary" || r == "contentinfo" || r == "navigation" || r == "banner") return true;
  }
  static constexpr const char* kWords[] = {"sidebar", "side-bar", "footer", "featured", "related", "cookie",
                                           "breadcrumb", "navbar", "similar", "recommended"};
  for (const char* attr : {"class", "id"}) {
    const char* v = AttrValue(n, attr);
    if (v == nullptr) continue;
    std::string lv = AsciiLower(v);
    for (const char* w : kWords) {
      if (lv.find(w) != std::string::npos) return true;
    }
  }
  return false;
}

const GumboNode* Body(const GumboNode* doc) {
  const GumboNode* b = FindFirst(doc, [](const GumboNode* n) { return IsTag(n, GUMBO_TAG_BODY); });
  return b ? b : doc;
}

const GumboNode* GenericMain(const GumboNode* doc) {
  const GumboNode* body = Body(doc);
  if (const GumboNode* m = FindFirst(body, [](const GumboNode* n) { return IsTag(n, GUMBO_TAG_MAIN); })) return m;
  if (const GumboNode* m = FindFirst(body, [](const GumboNode* n) {
        const char* r = AttrValue(n, "role");
        return r != nullptr && AsciiLower(r) == "main";
      })) {
    return m;
  }
  std::vector<const GumboNode*> articles = FindAll(body, GUMBO_TAG_ARTICLE, IsFurnitureContainer);
  if (articles.size() == 1) return articles[0];
  return body;
}


std::string TitleElementText(const GumboNode* doc) {
  const GumboNode* t = FindFirst(doc, [](const GumboNode* n) { return IsTag(n, GUMBO_TAG_TITLE); });
  if (t == nullptr) return "";
  std::string s;
  for (unsigned i = 0; i < t->v.element.children.length; ++i) {
    const GumboNode* c = static_cast<const GumboNode*>(t->v.element.children.data[i]);
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) s += c->v.text.text;
  }
  return CollapseSpaces(s);
}

void Truncate(std::string* s, size_t max) { s->resize(Utf8Prefix(*s, max).size()); }

// Image URL of an <img> (lazy-load attributes first) or <a>/<source>.
std::string ImageRef(const GumboNode* n) {
  for (const char* a : {"data-src", "data-lazy-src", "data-original", "src"}) {
    const char* v = AttrValue(n, a);
    if (v != nullptr && *v != '\0' && std::strncmp(v, "data:", 5) != 0) return v;
  }
  for (const char* a : {"srcset", "data-srcset"}) {
    const char* v = AttrValue(n, a);
    if (v == nullptr) continue;
    std::string_view s = v;
    size_t comma = s.rfind(',');
    std::string_view last = comma == std::string_view::npos ? s : s.substr(comma + 1);
    while (!last.empty() && std::isspace(static_cast<unsigned char>(last.front()))) last.remove_prefix(1);
    size_t sp = last.find_first_of(" \t\n");
    std::string_view url = last.substr(0, sp);
    if (!url.empty()) return std::string(url);
  }
  if (IsTag(n, GUMBO_TAG_A)) {
    if (const char* h = AttrValue(n, "href")) return h;
  }
  return "";
}

bool IsTrackingPixel(const GumboNode* n) {
  const char* w = AttrValue(n, "width");
  const char* h = AttrValue(n, "height");
  return w != nullptr && h != nullptr && std::atoi(w) <= 2 && std::atoi(h) <= 2;
}

// --------------------------------------------------------- identifiers

template <typename T>
void Append(std::vector<T>* to, std::vector<T>* from) {
  for (T& v : *from) to->push_back(std::move(v));
  from->clear();
}

void ClearSpans(Identifiers* ids, size_t p0, size_t e0, size_t h0, const std::string& field) {
  for (size_t i = p0; i < ids->phones.size(); ++i) ids->phones[i].span = Span{field, -1, -1};
  for (size_t i = e0; i < ids->emails.size(); ++i) ids->emails[i].span = Span{field, -1, -1};
  for (size_t i = h0; i < ids->handles.size(); ++i) ids->handles[i].span = Span{field, -1, -1};
}

// Hidden sources -> identifiers; `field` names the containing field.
void ExtractHidden(const IdentifierExtractor& ex, const std::vector<HiddenText>& hidden, const std::string& field,
                   Identifiers* ids) {
  for (const HiddenText& h : hidden) {
    size_t p0 = ids->phones.size(), e0 = ids->emails.size(), h0 = ids->handles.size();
    if (h.source == Source::kLink) {
      ex.ExtractLink(h.value, ids);
      continue;
    }
    std::string f = h.source == Source::kScript ? "script" : field;
    ex.ExtractText(h.value, f, h.source, ids);
    ClearSpans(ids, p0, e0, h0, f);
  }
}

}  // namespace

// ------------------------------------------------------------- public

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string r(ref);
  while (!r.empty() && std::isspace(static_cast<unsigned char>(r.back()))) r.pop_back();
  size_t b = 0;
  while (b < r.size() && std::isspace(static_cast<unsigned char>(r[b]))) ++b;
  r = r.substr(b);
  if (r.empty() || r.size() > 8192) return "";
  CURLU* u = curl_url();
  if (u == nullptr) return "";
  std::string out;
  std::string base_s(base);
  bool ok = true;
  if (!base_s.empty()) ok = curl_url_set(u, CURLUPART_URL, base_s.c_str(), 0) == CURLUE_OK;
  if (ok) ok = curl_url_set(u, CURLUPART_URL, r.c_str(), CURLU_URLENCODE) == CURLUE_OK;
  char* scheme = nullptr;
  char* full = nullptr;
  if (ok && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      (std::strcmp(scheme, "http") == 0 || std::strcmp(scheme, "https") == 0) &&
      curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK) {
    out = full;
  }
  curl_free(scheme);
  curl_free(full);
  curl_url_cleanup(u);
  return out;
}

absl::StatusOr<FieldRules> FieldRules::Compile(const std::map<std::string, std::string>& fields) {
  FieldRules r;
  for (const auto& [field, text] : fields) {
    if (std::find(std::begin(kKnownFields), std::end(kKnownFields), field) == std::end(kKnownFields)) {
      return absl::InvalidArgumentError("fields." + field + ": unknown field (known: title, name, age, location, "
                                        "price, description, phone, images, posted, updated, profile, services, "
                                        "nationality, languages)");
    }
    absl::StatusOr<Selector> s = Selector::Parse(text);
    if (!s.ok()) return absl::InvalidArgumentError("fields." + field + ": " + std::string(s.status().message()));
    r.selectors_.emplace(field, std::move(*s));
  }
  return r;
}

const Selector* FieldRules::Find(std::string_view field) const {
  auto it = selectors_.find(field);
  return it == selectors_.end() ? nullptr : &it->second;
}

absl::StatusOr<std::unique_ptr<PageParser>> PageParser::Create(const PageParserOptions& options,
                                                               const IdentifierExtractor* extractor,
                                                               const Gazetteer* gazetteer) {
  if (extractor == nullptr) return absl::InvalidArgumentError("PageParser: identifier extractor is required");
  if (options.max_page_bytes == 0 || options.max_tree_depth < 8 || options.max_elements < 64) {
    return absl::InvalidArgumentError(
        "PageParser: max_page_bytes must be > 0, max_tree_depth >= 8 and max_elements >= 64");
  }
  return std::unique_ptr<PageParser>(new PageParser(options, extractor, gazetteer));
}

namespace {

struct Work {
  Advert ad;
  Identifiers ids;
  std::vector<std::string> image_refs;  // unresolved
  std::set<std::string> attribute_fields;  // field text read from an attribute ("[data-phone]")
};

// A dedicated age field may hold just the number ("22").
std::optional<int> BareAge(std::string_view text) {
  static const RE2 kNumber(R"(^\D{0,12}(\d{1,2})\D{0,12}$)");
  int age = 0;
  if (RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kNumber, &age) && age >= kMinAge && age <= kMaxAge) {
    return age;
  }
  return std::nullopt;
}

const std::string& Get(const std::map<std::string, std::string>& m, const std::string& k) {
  static const std::string kEmpty;
  auto it = m.find(k);
  return it == m.end() ? kEmpty : it->second;
}

// Rules: field texts + hidden sources inside the selected elements.
std::map<std::string, std::string> ApplyRules(const GumboNode* doc, const FieldRules& rules,
                                              const IdentifierExtractor& ex, Work* w) {
  std::map<std::string, std::string> texts;
  std::vector<const Selector*> selectors;
  std::vector<size_t> max;
  for (const auto& [field, sel] : rules.selectors()) {
    selectors.push_back(&sel);
    max.push_back(field == "images" ? kMaxImagesPerPage : 50);
  }
  std::vector<std::vector<const GumboNode*>> selected = Selector::SelectEach(doc, selectors, max);
  size_t index = 0;
  for (const auto& [field, sel] : rules.selectors()) {
    const std::vector<const GumboNode*>& nodes = selected[index++];
    const std::string& va = sel.value_attribute();
    if (nodes.empty()) {
      w->ad.diagnostics.push_back("fields." + field + ": no element matches \"" + sel.text() + "\"");
      continue;
    }
    if (field == "images") {
      for (const GumboNode* n : nodes) {
        const char* v = va.empty() ? nullptr : AttrValue(n, va.c_str());
        std::string ref = v ? std::string(v) : ImageRef(n);
        if (!ref.empty() && !IsTrackingPixel(n)) w->image_refs.push_back(ref);
      }
      continue;
    }
    if (field == "profile") {
      const char* href = AttrValue(nodes[0], va.empty() ? "href" : va.c_str());
      if (href != nullptr) w->ad.profile_url = ResolveUrl(w->ad.url, href);
      continue;
    }
    std::string text;
    for (const GumboNode* n : nodes) {
      std::string t;
      if (!va.empty()) {
        const char* v = AttrValue(n, va.c_str());
        t = v ? CollapseSpaces(v) : "";
      } else if ((field == "posted" || field == "updated") && AttrValue(n, "datetime") != nullptr) {
        t = CollapseSpaces(AttrValue(n, "datetime"));
      } else {
        t = VisibleText(n);
      }
      if (t.empty()) continue;
      if (!text.empty()) text += "\n";
      text += t;
    }
    if (text.size() > kMaxFieldBytes) {
      w->ad.diagnostics.push_back("fields." + field + ": " + std::to_string(text.size()) + " bytes; truncated");
      Truncate(&text, kMaxFieldBytes);
    }
    texts[field] = text;
    if (!va.empty()) w->attribute_fields.insert(field);
    // Attributes and links inside the advert's own elements.
    if (va.empty()) {
      for (const GumboNode* n : nodes) {
        ExtractHidden(ex, HiddenSources(n, {}, true, false, &w->ad.diagnostics), field, &w->ids);
      }
    }
  }
  w->ad.title = Get(texts, "title");
  w->ad.name = Get(texts, "name");
  w->ad.description = Get(texts, "description");
  w->ad.location_text = Get(texts, "location");
  w->ad.posted = Get(texts, "posted");
  w->ad.updated = Get(texts, "updated");
  return texts;
}

// Generic: main content, title, description, page text.
std::map<std::string, std::string> ApplyGeneric(const GumboNode* doc, const IdentifierExtractor& ex,
                                                const FurnitureModel* furniture, Work* w) {
  static const RE2 kLocationLabel(R"((?im)^\s*(?:location|area|based in|city|town|incall location)\s*[:\-]\s*([^\n]{1,80}))");
  const GumboNode* main = GenericMain(doc);
  ExcludeFn exclude = [](const GumboNode* n) { return IsFurnitureContainer(n); };
  std::map<std::string, std::string> texts;
  const GumboNode* h1 = FindFirst(main, [](const GumboNode* n) { return IsTag(n, GUMBO_TAG_H1); }, exclude);
  w->ad.title = h1 ? VisibleText(h1) : TitleElementText(doc);
  std::vector<TextBlock> blocks = TextBlocks(main, exclude);
  size_t furniture_blocks = 0;
  if (furniture != nullptr && !furniture->empty()) {
    std::vector<TextBlock> kept;
    for (TextBlock& b : blocks) {
      if (b.text.size() >= kMinFurnitureBlockBytes && furniture->IsBlock(b.text)) ++furniture_blocks;
      else kept.push_back(std::move(b));
    }
    blocks = std::move(kept);
  }
  if (furniture_blocks > 0) {
    w->ad.diagnostics.push_back("furniture: " + std::to_string(furniture_blocks) + " text block(s) left out");
  }
  // Description: the element owning the most text (not the h1).
  std::unordered_map<const GumboNode*, size_t> own;
  const GumboNode* best = nullptr;
  for (const TextBlock& b : blocks) {
    if (b.element == h1) continue;
    size_t n = (own[b.element] += b.text.size());
    if (best == nullptr || n > own[best]) best = b.element;
  }
  std::string description, page;
  for (const TextBlock& b : blocks) {
    if (b.element == h1) continue;
    std::string& to = b.element == best ? description : page;
    if (!to.empty()) to += "\n";
    to += b.text;
  }
  Truncate(&description, kMaxFieldBytes);
  Truncate(&page, kMaxFieldBytes);
  w->ad.description = description;
  texts["title"] = w->ad.title;
  texts["description"] = description;
  texts["page"] = page;
  std::string all = w->ad.title + "\n" + description + "\n" + page;
  std::string loc;
  if (RE2::PartialMatch(all, kLocationLabel, &loc)) w->ad.location_text = CollapseSpaces(loc);
  texts["price"] = all;
  texts["age"] = all;
  ExtractHidden(ex, HiddenSources(main, exclude, true, false, &w->ad.diagnostics), "page", &w->ids);
  // Images: content <img> and og:image.
  for (const GumboNode* img : FindAll(main, GUMBO_TAG_IMG, exclude)) {
    if (IsTrackingPixel(img)) continue;
    std::string ref = ImageRef(img);
    if (!ref.empty()) w->image_refs.push_back(ref);
  }
  for (const GumboNode* m : FindAll(doc, GUMBO_TAG_META, {})) {
    const char* prop = AttrValue(m, "property");
    const char* content = AttrValue(m, "content");
    if (prop != nullptr && content != nullptr && AsciiLower(prop) == "og:image") w->image_refs.push_back(content);
  }
  return texts;
}

}  // namespace

Advert PageParser::Parse(const PageInput& input, const FieldRules* rules, const FurnitureModel* furniture) const {
  Work w;
  Advert& ad = w.ad;
  ad.site = input.site;
  ad.url = input.url;
  ad.capture_sha256 = input.capture_sha256;
  ad.fetched_unix = input.fetched_unix;
  ad.generic = rules == nullptr;
  ad.id = input.site + ":" + (input.advert_id.empty() ? "u" + Sha256Hex(input.url).substr(0, 16) : input.advert_id);
  internal::ParsedHtml p = internal::ParseHtml(input.html, options_);
  Append(&ad.diagnostics, &p.diagnostics);
  if (p.tree == nullptr) return ad;
  const GumboNode* doc = p.tree->document;

  std::map<std::string, std::string> texts =
      rules != nullptr ? ApplyRules(doc, *rules, *extractor_, &w) : ApplyGeneric(doc, *extractor_, furniture, &w);
  // Visible-text identifiers first (they carry spans), then hidden ones.
  Identifiers text_ids;
  for (const char* f : {"title", "name", "description", "phone", "location", "page"}) {
    const std::string& t = Get(texts, f);
    Source src = w.attribute_fields.count(f) > 0 ? Source::kAttribute : Source::kText;
    if (!t.empty()) extractor_->ExtractText(t, f, src, &text_ids);
  }
  if (options_.scripts) ExtractHidden(*extractor_, HiddenSources(doc, {}, false, true, &ad.diagnostics), "script", &text_ids);
  Append(&text_ids.phones, &w.ids.phones);
  Append(&text_ids.emails, &w.ids.emails);
  Append(&text_ids.handles, &w.ids.handles);
  Append(&text_ids.diagnostics, &w.ids.diagnostics);
  IdentifierExtractor::Dedupe(&text_ids);

  // Furniture: drop identifiers/images found only as site furniture.
  std::vector<std::string> excluded;
  auto keep = [&](const auto& v) {
    bool f = furniture != nullptr && furniture->IsIdentifier(FurnitureModel::IdentifierKey(v));
    if (f) excluded.push_back(FurnitureModel::IdentifierKey(v));
    return !f;
  };
  for (Phone& v : text_ids.phones) if (keep(v)) ad.phones.push_back(std::move(v));
  for (Email& v : text_ids.emails) if (keep(v)) ad.emails.push_back(std::move(v));
  for (Handle& v : text_ids.handles) if (keep(v)) ad.handles.push_back(std::move(v));
  Append(&ad.diagnostics, &text_ids.diagnostics);

  std::set<std::string> seen_images;
  size_t excluded_images = 0;
  for (const std::string& ref : w.image_refs) {
    std::string url = ResolveUrl(input.url, ref);
    if (url.empty() || !seen_images.insert(url).second) continue;
    if (furniture != nullptr && furniture->IsImage(url)) {
      ++excluded_images;
      continue;
    }
    if (ad.images.size() >= kMaxImagesPerPage) {
      ad.diagnostics.push_back("images: more than kMaxImagesPerPage; rest dropped");
      break;
    }
    Image img;
    img.url = url;
    ad.images.push_back(std::move(img));
  }
  if (!excluded.empty() || excluded_images > 0) {
    std::string d = "furniture: excluded " + std::to_string(excluded.size()) + " identifier(s)";
    for (const std::string& k : excluded) d += " " + k;
    d += ", " + std::to_string(excluded_images) + " image(s)";
    ad.diagnostics.push_back(d);
  }

  // Normalised fields.
  const std::string& age_text = Get(texts, "age");
  ad.age = ParseAge(age_text.empty() ? ad.description : age_text);
  if (!ad.age.has_value() && rules != nullptr && !age_text.empty()) ad.age = BareAge(age_text);
  if (!age_text.empty() && !ad.age.has_value() && rules != nullptr) {
    ad.diagnostics.push_back("fields.age: no age in \"" + std::string(Utf8Prefix(age_text, 40)) + "\"");
  }
  const std::string& price_text = Get(texts, "price");
  ad.prices = ParsePrices(price_text.empty() ? ad.description : price_text);
  std::string claims = ad.title + "\n" + ad.description + "\n" + Get(texts, "page");
  for (const char* f : {"nationality", "languages"}) {
    if (!Get(texts, f).empty()) claims += "\n" + std::string(f) + ": " + Get(texts, f);
  }
  ad.nationalities = ParseNationalities(claims);
  ad.languages = ParseLanguages(claims);
  ad.services = Get(texts, "services").empty() ? ParseServices(claims) : ParseServices(Get(texts, "services"), true);
  if (gazetteer_ != nullptr) {
    std::string loc_text = ad.location_text;
    if (loc_text.empty()) loc_text = ad.title;  // generic: "Busty Anna - Leeds"
    if (!loc_text.empty()) {
      ad.location = gazetteer_->Match(loc_text);
    }
    if (ad.location.force.empty() && !ad.location_text.empty()) {
      ad.diagnostics.push_back("location: no known UK place in \"" + std::string(Utf8Prefix(ad.location_text, 80)) + "\"");
    }
  }
  return ad;
}

PageFeatures PageParser::Features(const PageInput& input, const FieldRules* rules) const {
  PageFeatures f;
  internal::ParsedHtml p = internal::ParseHtml(input.html, options_);
  if (p.tree == nullptr) return f;
  const GumboNode* doc = p.tree->document;
  const GumboNode* body = Body(doc);
  for (const TextBlock& b : TextBlocks(body)) {
    if (b.text.size() < kMinFurnitureBlockBytes) continue;
    uint64_t h = FurnitureModel::BlockHash(b.text);
    f.blocks.insert(h);
    Identifiers ids;
    extractor_->ExtractText(b.text, "page", Source::kText, &ids);
    for (const Phone& v : ids.phones) f.block_identifiers.insert({h, FurnitureModel::IdentifierKey(v)});
    for (const Email& v : ids.emails) f.block_identifiers.insert({h, FurnitureModel::IdentifierKey(v)});
    for (const Handle& v : ids.handles) f.block_identifiers.insert({h, FurnitureModel::IdentifierKey(v)});
  }
  // Attributes/links outside the main content.
  std::set<const GumboNode*> main_nodes;
  if (rules != nullptr) {
    std::vector<const Selector*> selectors;
    for (const auto& [field, sel] : rules->selectors()) selectors.push_back(&sel);
    for (const auto& nodes : Selector::SelectEach(doc, selectors, std::vector<size_t>(selectors.size(), 50))) {
      main_nodes.insert(nodes.begin(), nodes.end());
    }
  } else {
    main_nodes.insert(GenericMain(doc));
  }
  ExcludeFn in_main = [&](const GumboNode* n) { return main_nodes.count(n) > 0; };
  std::vector<std::string> diags;
  Identifiers outside;
  ExtractHidden(*extractor_, HiddenSources(body, in_main, true, false, &diags), "page", &outside);
  for (const Phone& v : outside.phones) f.outside_identifiers.insert(FurnitureModel::IdentifierKey(v));
  for (const Email& v : outside.emails) f.outside_identifiers.insert(FurnitureModel::IdentifierKey(v));
  for (const Handle& v : outside.handles) f.outside_identifiers.insert(FurnitureModel::IdentifierKey(v));
  for (const GumboNode* img : FindAll(body, GUMBO_TAG_IMG, {})) {
    std::string url = ResolveUrl(input.url, ImageRef(img));
    if (!url.empty()) f.images.insert(url);
  }
  return f;
}

void PageParser::AddOcrText(std::string_view ocr_text, std::string_view image_url, Advert* advert) const {
  Identifiers ids;
  extractor_->ExtractText(ocr_text, "image", Source::kImage, &ids);
  auto mark = [](std::vector<std::string>* styles) {
    if (std::find(styles->begin(), styles->end(), "ocr") == styles->end()) styles->push_back("ocr");
  };
  for (Phone& v : ids.phones) mark(&v.styles);
  Identifiers all;
  all.phones = std::move(advert->phones);
  all.emails = std::move(advert->emails);
  all.handles = std::move(advert->handles);
  Append(&all.phones, &ids.phones);
  Append(&all.emails, &ids.emails);
  Append(&all.handles, &ids.handles);
  IdentifierExtractor::Dedupe(&all);
  advert->phones = std::move(all.phones);
  advert->emails = std::move(all.emails);
  advert->handles = std::move(all.handles);
  for (std::string& d : ids.diagnostics) advert->diagnostics.push_back("ocr " + std::string(image_url) + ": " + d);
}

}  // namespace admon::parsers
