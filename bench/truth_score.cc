// Copyright 2026 The admon Authors.
#include "bench/truth_score.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

namespace admon::bench {
namespace {

constexpr size_t kLabelWindow = 20;  // bytes before a number searched for "WhatsApp" ("Call or WhatsApp ")

std::string HandleKey(const std::string& platform, std::string handle) {
  if (platform == "whatsapp" && !handle.empty() && handle[0] == '+') handle.erase(0, 1);
  return platform + ":" + handle;
}

bool HasAny(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  for (const std::string& w : want) {
    if (std::find(have.begin(), have.end(), w) != have.end()) return true;
  }
  return false;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void PrintTally(FILE* out, const char* kind, const std::map<std::string, Tally>& m) {
  for (const auto& [name, t] : m) {
    std::fprintf(out, "  %-8s %-18s %6lld %6lld  %.4f\n", kind, name.c_str(), static_cast<long long>(t.n),
                 static_cast<long long>(t.found), t.Rate());
  }
}

nlohmann::json TallyJson(const std::map<std::string, Tally>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, t] : m) j[name] = {{"n", t.n}, {"found", t.found}, {"rate", t.Rate()}};
  return j;
}

nlohmann::json SetJson(const SetCounts& c) {
  return {{"tp", c.tp}, {"fn", c.fn}, {"fp", c.fp}, {"recall", c.Recall()}, {"precision", c.Precision()}};
}

void PrintSet(FILE* out, const char* name, const SetCounts& c) {
  std::fprintf(out, "%-22s recall %.4f  precision %.4f  (tp %lld, fn %lld, fp %lld)\n", name, c.Recall(),
               c.Precision(), static_cast<long long>(c.tp), static_cast<long long>(c.fn),
               static_cast<long long>(c.fp));
}

// Text of an HTML fragment: tags dropped, <br> as a newline, the entities
// HtmlEscape writes decoded.
std::string TextOf(const std::string& html) {
  std::string out;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      size_t e = html.find('>', i);
      if (e == std::string::npos) break;
      if (html.compare(i, 3, "<br") == 0) out += '\n';
      i = e;
    } else {
      out += html[i];
    }
  }
  for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t p = out.find(from); p != std::string::npos; p = out.find(from, p + 1)) {
      out.replace(p, std::strlen(from), to);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> WhatsAppLabelled(const nlohmann::json& truth) {
  std::vector<std::string> out;
  const std::string desc = Str(truth, "description");
  for (const auto& occ : truth["phone_styles"]) {
    if (Str(occ, "where") != "description" || Str(occ, "style") == "whatsapp_link") continue;
    std::string text = TextOf(Str(occ, "raw"));
    size_t pos = desc.find(text);
    if (pos == std::string::npos) {
      std::replace(text.begin(), text.end(), '\n', ' ');
      pos = desc.find(text);
    }
    if (pos == std::string::npos) continue;
    const size_t from = pos >= kLabelWindow ? pos - kLabelWindow : 0;
    std::string before = desc.substr(from, pos - from);
    std::transform(before.begin(), before.end(), before.begin(), [](unsigned char c) { return std::tolower(c); });
    if (before.find("whatsapp") != std::string::npos) out.push_back(Str(occ, "phone"));
  }
  return out;
}

std::vector<std::string> ExpectedTags(const std::string& style) {
  static const std::map<std::string, std::vector<std::string>> kTags = {
      {"intl_0", {"plus44_0"}},
      {"intl_00", {"double_zero"}},
      {"letters", {"letters"}},
      {"words", {"words"}},
      {"double_triple", {"double_triple"}},
      {"mixed_words", {"mixed_words_digits", "words"}},
      {"separators", {"separators", "dotted", "dashed"}},
      {"emoji_separators", {"emoji_separators"}},
      {"fullwidth", {"fullwidth"}},
      {"math_bold", {"math_digits"}},
      {"circled", {"circled"}},
      {"keycap", {"keycap"}},
      {"split_lines", {"split_lines"}},
      {"tel_link", {"link"}},
      {"whatsapp_link", {"link"}},
      {"image", {"ocr"}},
      {"image_only", {"ocr"}},
  };
  auto it = kTags.find(style);
  return it == kTags.end() ? std::vector<std::string>{} : it->second;
}

TruthScorer::TruthScorer(const std::vector<nlohmann::json>& truth, std::set<std::string> support_phones,
                         std::set<std::string> support_emails, int max_examples)
    : support_phones_(std::move(support_phones)),
      support_emails_(std::move(support_emails)),
      max_examples_(max_examples) {
  for (const nlohmann::json& t : truth) {
    for (const auto& p : t["phones"]) phone_owners_[p.get<std::string>()].insert(Str(t, "advert_id"));
  }
}

void TruthScorer::Example(std::string line) {
  if (static_cast<int>(examples_.size()) < max_examples_) examples_.push_back(std::move(line));
}

void TruthScorer::Add(const nlohmann::json& truth, const parsers::Advert& got) {
  ++adverts_;
  const std::string id = Str(truth, "advert_id");
  std::map<std::string, const parsers::Phone*> got_phones;
  for (const parsers::Phone& p : got.phones) got_phones[p.e164] = &p;

  // Phones: per advert (text-visible and all), per occurrence style, per tag.
  std::set<std::string> want_all, want_text;
  for (const auto& p : truth["phones"]) want_all.insert(p.get<std::string>());
  for (const auto& occ : truth["phone_styles"]) {
    if (Str(occ, "where") != "image") want_text.insert(Str(occ, "phone"));
  }
  for (const auto& occ : truth["phone_styles"]) {
    const std::string e164 = Str(occ, "phone");
    std::string style = Str(occ, "style");
    if (style == "image") {
      // The pipeline OCRs only adverts that show no phone in text.
      if (want_text.count(e164)) {
        ++image_also_in_text_;
        continue;
      }
      style = "image_only";
    }
    auto it = got_phones.find(e164);
    const std::vector<std::string> tags = ExpectedTags(style);
    bool found = it != got_phones.end() && (tags.empty() || HasAny(it->second->styles, tags));
    Tally& t = phone_style_recall_[style];
    ++t.n;
    t.found += found ? 1 : 0;
    if (!found) {
      Example("MISS phone " + id + " style=" + style + " where=" + Str(occ, "where") + " " + e164 + " raw=" +
              nlohmann::json(Str(occ, "raw")).dump() +
              (it == got_phones.end() ? " (number not on advert)" : " (on advert, tag missing)"));
    }
  }
  for (const auto& [want, counts] : {std::pair{&want_text, &phones_text_}, std::pair{&want_all, &phones_all_}}) {
    for (const std::string& e164 : *want) (got_phones.count(e164) ? counts->tp : counts->fn)++;
  }
  bool furniture = false, other = false;
  for (const parsers::Phone& p : got.phones) {
    const bool ok = want_all.count(p.e164) > 0;
    if (!ok) {
      ++phones_all_.fp;
      ++phones_text_.fp;
      furniture |= support_phones_.count(p.e164) > 0;
      auto owners = phone_owners_.find(p.e164);
      other |= owners != phone_owners_.end() && !owners->second.count(id);
      Example("FALSE phone " + id + " " + p.e164 + " raw=" + nlohmann::json(p.raw).dump() + " field=" +
              p.span.field + " source=" + parsers::SourceName(p.source));
    }
    for (const std::string& tag : p.styles) {
      Tally& t = phone_tag_precision_[tag];
      ++t.n;
      t.found += ok ? 1 : 0;
    }
  }
  furniture_phone_adverts_ += furniture ? 1 : 0;
  other_advert_phone_adverts_ += other ? 1 : 0;

  // E-mails.
  std::set<std::string> got_emails, want_emails;
  for (const parsers::Email& e : got.emails) got_emails.insert(e.address);
  for (const auto& e : truth["emails"]) {
    const std::string address = Str(e, "address");
    want_emails.insert(address);
    bool found = got_emails.count(address) > 0;
    Tally& t = email_style_recall_[Str(e, "style")];
    ++t.n;
    t.found += found ? 1 : 0;
    (found ? emails_.tp : emails_.fn)++;
    if (!found) Example("MISS email " + id + " style=" + Str(e, "style") + " raw=" + nlohmann::json(Str(e, "raw")).dump());
  }
  bool furniture_email = false;
  for (const std::string& a : got_emails) {
    if (want_emails.count(a)) continue;
    ++emails_.fp;
    furniture_email |= support_emails_.count(a) > 0;
    Example("FALSE email " + id + " " + a);
  }
  furniture_email_adverts_ += furniture_email ? 1 : 0;

  // Handles.
  std::set<std::string> got_handles, want_handles;
  for (const parsers::Handle& h : got.handles) got_handles.insert(HandleKey(h.platform, h.handle));
  std::vector<std::pair<std::string, std::string>> want_list;  // key, platform/style
  for (const auto& h : truth["handles"]) {
    want_list.emplace_back(HandleKey(Str(h, "platform"), Str(h, "handle")), Str(h, "platform") + "/" + Str(h, "style"));
  }
  for (const std::string& e164 : WhatsAppLabelled(truth)) want_list.emplace_back(HandleKey("whatsapp", e164), "whatsapp/label");
  for (const auto& [key, style] : want_list) {
    if (!want_handles.insert(key).second) continue;
    bool found = got_handles.count(key) > 0;
    Tally& t = handle_style_recall_[style];
    ++t.n;
    t.found += found ? 1 : 0;
    (found ? handles_.tp : handles_.fn)++;
    if (!found) Example("MISS handle " + id + " " + key + " (" + style + ")");
  }
  for (const parsers::Handle& h : got.handles) {
    const std::string key = HandleKey(h.platform, h.handle);
    if (want_handles.count(key)) continue;
    ++handles_.fp;
    Example("FALSE handle " + id + " " + key + " raw=" + nlohmann::json(h.raw).dump());
  }
}

nlohmann::json TruthScorer::ToJson() const {
  return {{"adverts", adverts_},
          {"phones_text", SetJson(phones_text_)},
          {"phones_all", SetJson(phones_all_)},
          {"phone_style_recall", TallyJson(phone_style_recall_)},
          {"phone_tag_precision", TallyJson(phone_tag_precision_)},
          {"emails", SetJson(emails_)},
          {"email_style_recall", TallyJson(email_style_recall_)},
          {"handles", SetJson(handles_)},
          {"handle_style_recall", TallyJson(handle_style_recall_)},
          {"furniture_phone_adverts", furniture_phone_adverts_},
          {"furniture_email_adverts", furniture_email_adverts_},
          {"other_advert_phone_adverts", other_advert_phone_adverts_},
          {"image_occurrences_also_in_text", image_also_in_text_}};
}

void TruthScorer::PrintTable(FILE* out) const {
  std::fprintf(out, "adverts scored: %lld\n", static_cast<long long>(adverts_));
  PrintSet(out, "phones (text-visible)", phones_text_);
  PrintSet(out, "phones (all, with OCR)", phones_all_);
  PrintSet(out, "emails", emails_);
  PrintSet(out, "handles", handles_);
  std::fprintf(out, "furniture leaks: support phone on %lld advert(s), support e-mail on %lld, "
                    "another advert's phone on %lld\n",
               static_cast<long long>(furniture_phone_adverts_), static_cast<long long>(furniture_email_adverts_),
               static_cast<long long>(other_advert_phone_adverts_));
  std::fprintf(out, "image occurrences whose number is also in text (OCR not needed, not counted): %lld\n",
               static_cast<long long>(image_also_in_text_));
  std::fprintf(out, "  %-8s %-18s %6s %6s  %s\n", "kind", "style", "n", "found", "recall");
  PrintTally(out, "phone", phone_style_recall_);
  PrintTally(out, "email", email_style_recall_);
  PrintTally(out, "handle", handle_style_recall_);
  std::fprintf(out, "  %-8s %-18s %6s %6s  %s\n", "kind", "admon tag", "n", "true", "precision");
  PrintTally(out, "phone", phone_tag_precision_);
}

}  // namespace admon::bench
