// Copyright 2026 The admon Authors.
#include "parsers/identifiers.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <ostream>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "parsers/phone_finder.h"
#include "parsers/text.h"
#include "phonenumbers/phonenumberutil.h"
#include "re2/re2.h"

namespace admon::parsers {
namespace internal {

// Compiled once per extractor; RE2 objects are thread-safe.
struct TextRules {
  std::unique_ptr<RE2> email;
  std::unique_ptr<RE2> link;
  std::unique_ptr<RE2> label;
  std::unique_ptr<RE2> at_handle;
  std::unique_ptr<RE2> cashtag;
  std::unique_ptr<RE2> cashapp_context;
  std::unique_ptr<RE2> whatsapp_word;
};

}  // namespace internal

namespace {

constexpr int kWhatsAppWindowBytes = 40;  // "WhatsApp: 07911 ..." the phone starts this close after the word
constexpr size_t kMaxHandleBytes = 64;    // longest platform username we accept
constexpr size_t kAtHandleLookbackBytes = 60;  // a platform word this close before "@name" names its platform

absl::StatusOr<std::unique_ptr<RE2>> Compile(const char* name, const std::string& pattern) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);  // byte offsets, invalid UTF-8 is harmless
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, o);
  if (!re->ok()) return absl::InvalidArgumentError(absl::StrCat("identifier rule ", name, ": ", re->error()));
  return re;
}

bool KnownTld(const std::string& tld) {
  static const std::set<std::string> kTlds = {
      "com", "net", "org", "uk", "hu", "ro", "io", "me", "info", "biz", "eu", "de", "fr", "it", "es",
      "pl", "nl", "ie", "us", "ca", "au", "ru", "cz", "sk", "bg", "lt", "lv", "ch", "at", "be", "se",
      "no", "dk", "fi", "gr", "pt", "tv", "co", "xyz", "app", "email", "online", "live", "club", "cc"};
  return kTlds.count(tld) > 0;
}

bool ValidHandle(const std::string& h) {
  if (h.empty() || h.size() > kMaxHandleBytes) return false;
  bool letter = false;
  for (char c : h) {
    if (std::isalpha(static_cast<unsigned char>(c))) letter = true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
  }
  return letter;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void AddHandle(std::string platform, std::string handle, std::string_view raw, bool payment, Source source,
               const Span& span, Identifiers* out) {
  while (!handle.empty() && (handle.back() == '.' || handle.back() == '-')) handle.pop_back();
  if (!handle.empty() && handle[0] == '@') handle.erase(0, 1);
  handle = AsciiLower(handle);
  if (!ValidHandle(handle)) return;
  Handle h;
  h.platform = std::move(platform);
  h.handle = std::move(handle);
  h.raw = std::string(raw);
  h.payment = payment;
  h.source = source;
  h.span = span;
  out->handles.push_back(std::move(h));
}

std::string PlatformForLabel(const std::string& label) {
  static const std::map<std::string, std::string> kLabels = {
      {"telegram", "telegram"},   {"tg", "telegram"},        {"snapchat", "snapchat"}, {"snap", "snapchat"},
      {"sc", "snapchat"},         {"instagram", "instagram"}, {"insta", "instagram"},   {"ig", "instagram"},
      {"onlyfans", "onlyfans"},   {"of", "onlyfans"},        {"twitter", "x"},         {"x", "x"},
      {"kik", "kik"}};
  auto it = kLabels.find(label);
  return it == kLabels.end() ? "" : it->second;
}

// Platform named by the nearest platform word before `pos` on the same line.
std::string PlatformBefore(std::string_view text, size_t pos) {
  size_t start = pos > kAtHandleLookbackBytes ? pos - kAtHandleLookbackBytes : 0;
  std::string window = AsciiLower(text.substr(start, pos - start));
  size_t nl = window.rfind('\n');
  if (nl != std::string::npos) window.erase(0, nl + 1);
  static const std::pair<const char*, const char*> kWords[] = {
      {"telegram", "telegram"}, {"snapchat", "snapchat"}, {"snap", "snapchat"}, {"instagram", "instagram"},
      {"insta", "instagram"},   {"onlyfans", "onlyfans"}, {"twitter", "x"},     {"kik", "kik"}};
  size_t best = std::string::npos;
  std::string platform = "unknown";
  for (const auto& [word, name] : kWords) {
    size_t p = window.rfind(word);
    if (p != std::string::npos && (best == std::string::npos || p > best)) {
      best = p;
      platform = name;
    }
  }
  return platform;
}

bool Overlaps(int b, int e, const Span& s) { return s.begin >= 0 && b < s.end && s.begin < e; }

void AppendUnique(std::vector<std::string>* to, const std::vector<std::string>& from) {
  for (const auto& s : from) {
    if (std::find(to->begin(), to->end(), s) == to->end()) to->push_back(s);
  }
}

}  // namespace

IdentifierExtractor::~IdentifierExtractor() = default;

absl::StatusOr<std::unique_ptr<IdentifierExtractor>> IdentifierExtractor::Create(const IdentifierOptions& options) {
  const auto& util = *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  std::vector<std::string> regions = {options.default_region};
  regions.insert(regions.end(), options.extra_regions.begin(), options.extra_regions.end());
  for (const auto& r : regions) {
    if (util.GetCountryCodeForRegion(r) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("identifier options: unknown region code \"", r, "\""));
    }
  }
  std::unique_ptr<IdentifierExtractor> x(new IdentifierExtractor);
  x->options_ = options;
  x->phones_ = std::make_unique<internal::PhoneFinder>(options.default_region, options.extra_regions);
  auto rules = std::make_unique<internal::TextRules>();
  const std::string label = R"([a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)";
  const std::string dot = R"((?:\.|\s*[\(\[\{<]\s*(?:dot|\.)\s*[\)\]\}>]\s*|\s+dot\s+|\s\.\s))";
  ADMON_ASSIGN_OR_RETURN(
      rules->email,
      Compile("email", R"(([a-z0-9][a-z0-9._%+\-]{0,63})(\s*@\s*|\s*[\(\[\{<]\s*(?:at|@)\s*[\)\]\}>]\s*|\s+at\s+))"
                           "(" + label + "(?:" + dot + label + "){1,3})"));
  ADMON_ASSIGN_OR_RETURN(
      rules->link,
      Compile("link_in_text",
              R"((?:^|[^a-z0-9.\-/@])((?:https?://)?(?:www\.|m\.)?(?:t\.me|telegram\.me|wa\.me|api\.whatsapp\.com|)"
              R"(web\.whatsapp\.com|whatsapp\.com|snapchat\.com|instagram\.com|onlyfans\.com|twitter\.com|x\.com|)"
              R"(paypal\.me|paypal\.com|cash\.app|revolut\.me|monzo\.me)/[^\s<>"'\)\]]+))"));
  ADMON_ASSIGN_OR_RETURN(
      rules->label,
      Compile("handle_label",
              R"((?:^|[^a-z0-9])(telegram|tg|snapchat|snap|sc|instagram|insta|ig|onlyfans|of|twitter|x|kik))"
              R"((?:\s*(?:id|name|username|user|handle))?(\s*[:=]\s*@?|\s+@|\s*-\s*@?)([a-z0-9_][a-z0-9._]{1,31}))"));
  ADMON_ASSIGN_OR_RETURN(rules->at_handle, Compile("at_handle", R"((?:^|[^a-z0-9._@/])@([a-z_][a-z0-9._]{2,31}))"));
  ADMON_ASSIGN_OR_RETURN(rules->cashtag, Compile("cashtag", R"((?:^|[^a-z0-9$])\$([a-z][a-z0-9_\-]{1,20}))"));
  ADMON_ASSIGN_OR_RETURN(rules->cashapp_context, Compile("cashapp_context", R"(cash\s?app|cash\.app)"));
  ADMON_ASSIGN_OR_RETURN(rules->whatsapp_word,
                         Compile("whatsapp_word", R"((?:^|[^a-z])(whats\s?app|watsapp|whatsap|wa)(?:[^a-z]|$))"));
  x->rules_ = std::move(rules);
  return x;
}

void IdentifierExtractor::ExtractText(std::string_view text, std::string_view field, Source source,
                                      Identifiers* out) const {
  if (text.size() > options_.max_text_bytes) {
    const std::string_view cut = Utf8Prefix(text, options_.max_text_bytes);
    out->diagnostics.push_back(absl::StrCat("identifiers: field ", AV(field), " truncated from ", text.size(),
                                            " to ", cut.size(), " bytes (max_text_bytes)"));
    text = cut;
  }
  const std::string field_name(field);
  auto span_of = [&field_name](size_t b, size_t e) {
    return Span{.field = field_name, .begin = static_cast<int>(b), .end = static_cast<int>(e)};
  };
  const re2::StringPiece input(text.data(), text.size());

  // Emails first: their spans are excluded from handles.
  std::vector<Span> email_spans;
  {
    re2::StringPiece rest = input, user, at, domain;
    const char* base = input.data();
    while (RE2::FindAndConsume(&rest, *rules_->email, &user, &at, &domain)) {
      std::vector<std::string> labels;
      std::string cur;
      std::string dom = AsciiLower(std::string_view(domain.data(), domain.size()));
      for (char c : dom + ".") {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
          cur.push_back(c);
        } else if (!cur.empty()) {
          if (cur != "dot") labels.push_back(cur);
          cur.clear();
        }
      }
      if (labels.size() < 2 || !KnownTld(labels.back())) continue;
      std::string address = AsciiLower(std::string_view(user.data(), user.size())) + "@";
      for (size_t k = 0; k < labels.size(); ++k) address += (k ? "." : "") + labels[k];
      const std::string at_s = AsciiLower(std::string_view(at.data(), at.size()));
      const bool words = at_s.find("at") != std::string::npos || dom.find("dot") != std::string::npos ||
                         dom.find_first_of("([{<") != std::string::npos || at_s.find_first_of("([{<") != std::string::npos;
      const size_t b = user.data() - base;
      const size_t e = domain.data() + domain.size() - base;
      Email em;
      em.address = address;
      em.raw = std::string(text.substr(b, e - b));
      em.styles = {words ? "at_dot_words" : "plain"};
      em.source = source;
      em.span = span_of(b, e);
      email_spans.push_back(em.span);
      out->emails.push_back(std::move(em));
    }
  }

  // Phones.
  const size_t first_phone = out->phones.size();
  {
    std::vector<Phone> found;
    phones_->Find(text, &found);
    for (Phone& p : found) {
      bool in_email = false;
      for (const Span& s : email_spans) in_email |= Overlaps(p.span.begin, p.span.end, s);
      if (in_email) continue;
      p.source = source;
      p.span.field = field_name;
      out->phones.push_back(std::move(p));
    }
  }

  // Links written in the text.
  std::vector<Span> taken = email_spans;
  {
    re2::StringPiece rest = input, link;
    while (RE2::FindAndConsume(&rest, *rules_->link, &link)) {
      const size_t b = link.data() - input.data();
      Span s = span_of(b, b + link.size());
      ExtractLinkAt(std::string_view(link.data(), link.size()), source, s, out);
      taken.push_back(s);
    }
  }

  // "telegram: name", "snap @name", "OF - name".
  {
    re2::StringPiece rest = input, label, sep, value;
    while (RE2::FindAndConsume(&rest, *rules_->label, &label, &sep, &value)) {
      const std::string l = AsciiLower(std::string_view(label.data(), label.size()));
      const std::string sp(sep.data(), sep.size());
      if (l.size() <= 2 && sp.find(':') == std::string::npos && sp.find('=') == std::string::npos &&
          sp.find('@') == std::string::npos) {
        continue;  // "x - y", "of - name": too ambiguous without a colon or '@'
      }
      const size_t b = label.data() - input.data();
      const size_t e = value.data() + value.size() - input.data();
      bool skip = false;
      for (const Span& s : taken) skip |= Overlaps(static_cast<int>(b), static_cast<int>(e), s);
      if (skip) continue;
      Span s = span_of(b, e);
      AddHandle(PlatformForLabel(l), std::string(value.data(), value.size()), text.substr(b, e - b), false, source,
                s, out);
      taken.push_back(s);
    }
  }

  // Bare "@name".
  {
    re2::StringPiece rest = input, name;
    while (RE2::FindAndConsume(&rest, *rules_->at_handle, &name)) {
      const size_t b = name.data() - 1 - input.data();
      const size_t e = name.data() + name.size() - input.data();
      bool skip = false;
      for (const Span& s : taken) skip |= Overlaps(static_cast<int>(b), static_cast<int>(e), s);
      if (skip) continue;
      AddHandle(PlatformBefore(text, b), std::string(name.data(), name.size()), text.substr(b, e - b), false,
                source, span_of(b, e), out);
    }
  }

  // "$cashtag" only when the text talks about Cash App.
  if (RE2::PartialMatch(input, *rules_->cashapp_context)) {
    re2::StringPiece rest = input, tag;
    while (RE2::FindAndConsume(&rest, *rules_->cashtag, &tag)) {
      const size_t b = tag.data() - 1 - input.data();
      const size_t e = tag.data() + tag.size() - input.data();
      bool skip = false;
      for (const Span& s : taken) skip |= Overlaps(static_cast<int>(b), static_cast<int>(e), s);
      if (skip) continue;
      AddHandle("cashapp", std::string(tag.data(), tag.size()), text.substr(b, e - b), true, source, span_of(b, e),
                out);
    }
  }

  // "WhatsApp: 07911 123456" / "07911 123456 (WhatsApp only)". A word
  // followed by a phone labels that phone only: in "07911 123456 WhatsApp:
  // 07400 123456" the first number is not a WhatsApp contact. Looking back
  // needs the full word, not followed by ':' and no ':' in between
  // ("07911 123456 WhatsApp: Chat on WhatsApp" labels the link that follows;
  // a trailing "wa" is as often OCR noise as WhatsApp).
  if (out->phones.size() > first_phone) {
    re2::StringPiece rest = input, word;
    while (RE2::FindAndConsume(&rest, *rules_->whatsapp_word, &word)) {
      const int wb = static_cast<int>(word.data() - input.data());
      const int we = wb + static_cast<int>(word.size());
      auto is_after = [&](const Phone& p) { return p.span.begin >= we && p.span.begin - we <= kWhatsAppWindowBytes; };
      bool forward_only = word.size() <= 2;
      for (size_t k = first_phone; k < out->phones.size(); ++k) forward_only |= is_after(out->phones[k]);
      size_t next = static_cast<size_t>(we);
      while (next < input.size() && (input[next] == ' ' || input[next] == '\t')) ++next;
      forward_only |= next < input.size() && (input[next] == ':' || input[next] == '=');
      for (size_t k = first_phone; k < out->phones.size(); ++k) {
        const Phone& p = out->phones[k];
        const bool after = is_after(p);
        const bool before = !forward_only && p.span.end <= wb && wb - p.span.end <= kWhatsAppWindowBytes / 2 &&
                            input.substr(p.span.end, wb - p.span.end).find(':') == re2::StringPiece::npos;
        if (after || before) {
          Handle h;
          h.platform = "whatsapp";
          h.handle = p.e164;
          h.raw = p.raw;
          h.source = source;
          h.span = p.span;
          out->handles.push_back(std::move(h));
        }
      }
    }
  }
}

void IdentifierExtractor::ExtractLink(std::string_view href, Identifiers* out) const {
  ExtractLinkAt(href, Source::kLink, Span{.field = "link", .begin = -1, .end = -1}, out);
}

void IdentifierExtractor::ExtractLinkAt(std::string_view href, Source source, const Span& span,
                                        Identifiers* out) const {
  if (href.size() > kMaxHandleBytes * 32) return;  // no real link target is this long
  while (!href.empty() && std::isspace(static_cast<unsigned char>(href.front()))) href.remove_prefix(1);
  while (!href.empty() && std::isspace(static_cast<unsigned char>(href.back()))) href.remove_suffix(1);
  const std::string lower = AsciiLower(href);
  auto add_phone = [&](std::string_view number, bool intl, bool whatsapp) {
    auto p = phones_->FromLink(PercentDecode(number), intl);
    if (!p) return;
    p->raw = std::string(href);
    p->source = source;
    p->span = span;
    if (whatsapp) {
      Handle h;
      h.platform = "whatsapp";
      h.handle = p->e164;
      h.raw = std::string(href);
      h.source = source;
      h.span = span;
      out->handles.push_back(std::move(h));
    }
    out->phones.push_back(std::move(*p));
  };
  auto after = [&](std::string_view prefix) { return std::string_view(lower).substr(prefix.size()); };
  auto until = [](std::string_view s, std::string_view stops) {
    size_t p = s.find_first_of(stops);
    return p == std::string_view::npos ? s : s.substr(0, p);
  };
  for (std::string_view scheme : {"tel:", "sms:", "smsto:", "callto:"}) {
    if (lower.rfind(scheme, 0) == 0) {
      add_phone(until(after(scheme), ";?#,"), false, false);
      return;
    }
  }
  if (lower.rfind("mailto:", 0) == 0) {
    std::string addr = AsciiLower(PercentDecode(until(after("mailto:"), "?#,")));
    const size_t at = addr.find('@');
    if (at == std::string::npos || at == 0 || addr.find('.', at) == std::string::npos) return;
    Email e;
    e.address = addr;
    e.raw = std::string(href);
    e.styles = {"link"};
    e.source = source;
    e.span = span;
    out->emails.push_back(std::move(e));
    return;
  }
  std::string_view rest = lower;
  for (std::string_view p : {"https://", "http://", "//"}) {
    if (rest.rfind(p, 0) == 0) {
      rest.remove_prefix(p.size());
      break;
    }
  }
  if (lower.rfind("whatsapp://", 0) == 0) rest = after("whatsapp://");
  std::string_view host = until(rest, "/?#");
  std::string_view path = rest.substr(host.size());
  for (std::string_view p : {"www.", "m.", "mobile.", "web."}) {
    if (host.rfind(p, 0) == 0) {
      host.remove_prefix(p.size());
      break;
    }
  }
  // Original-case path (handles keep their letters; we lower-case anyway).
  std::string_view seg = path;
  if (!seg.empty() && seg[0] == '/') seg.remove_prefix(1);
  std::string_view first = until(seg, "/?#");
  auto query = [&](std::string_view key) -> std::string_view {
    size_t q = path.find('?');
    if (q == std::string_view::npos) return {};
    std::string_view qs = path.substr(q + 1);
    while (!qs.empty()) {
      std::string_view kv = until(qs, "&#");
      if (kv.rfind(key, 0) == 0 && kv.size() > key.size() && kv[key.size()] == '=') return kv.substr(key.size() + 1);
      qs.remove_prefix(std::min(qs.size(), kv.size() + 1));
    }
    return {};
  };
  const std::string raw(href);
  if (host == "wa.me") {
    add_phone(first, true, true);
  } else if (host == "api.whatsapp.com" || host == "whatsapp.com" || host == "send") {
    std::string_view phone = query("phone");
    if (!phone.empty()) add_phone(phone, true, true);
  } else if (host == "t.me" || host == "telegram.me" || host == "telegram.dog") {
    if (first.empty() || first[0] == '+' || first == "joinchat" || first == "s" || first == "share") return;
    AddHandle("telegram", std::string(first), raw, false, source, span, out);
  } else if (host == "snapchat.com") {
    if (first == "add") AddHandle("snapchat", std::string(until(seg.substr(4), "/?#")), raw, false, source, span, out);
  } else if (host == "instagram.com") {
    static const std::set<std::string_view> kReserved = {"p", "reel", "reels", "explore", "stories", "accounts",
                                                         "tv", "direct", "about", "legal"};
    if (!kReserved.count(first)) AddHandle("instagram", std::string(first), raw, false, source, span, out);
  } else if (host == "onlyfans.com") {
    static const std::set<std::string_view> kReserved = {"my", "action", "auth", "terms", "privacy", "help"};
    if (!kReserved.count(first)) AddHandle("onlyfans", std::string(first), raw, false, source, span, out);
  } else if (host == "twitter.com" || host == "x.com") {
    static const std::set<std::string_view> kReserved = {"home", "intent", "share", "i", "search", "hashtag",
                                                         "explore", "settings", "login", "signup", "tos"};
    if (!kReserved.count(first)) AddHandle("x", std::string(first), raw, false, source, span, out);
  } else if (host == "paypal.me") {
    AddHandle("paypal", std::string(first), raw, true, source, span, out);
  } else if (host == "paypal.com") {
    if (first == "paypalme") AddHandle("paypal", std::string(until(seg.substr(9), "/?#")), raw, true, source, span, out);
  } else if (host == "cash.app") {
    if (!first.empty() && first[0] == '$') AddHandle("cashapp", std::string(first.substr(1)), raw, true, source, span, out);
  } else if (host == "revolut.me") {
    AddHandle("revolut", std::string(first), raw, true, source, span, out);
  } else if (host == "monzo.me") {
    AddHandle("monzo", std::string(first), raw, true, source, span, out);
  }
}

void IdentifierExtractor::Dedupe(Identifiers* ids) {
  {
    std::vector<Phone> kept;
    std::map<std::string, size_t> index;
    for (Phone& p : ids->phones) {
      auto [it, fresh] = index.emplace(p.e164, kept.size());
      if (fresh) {
        kept.push_back(std::move(p));
      } else {
        AppendUnique(&kept[it->second].styles, p.styles);
      }
    }
    ids->phones = std::move(kept);
  }
  {
    std::vector<Email> kept;
    std::map<std::string, size_t> index;
    for (Email& e : ids->emails) {
      auto [it, fresh] = index.emplace(e.address, kept.size());
      if (fresh) {
        kept.push_back(std::move(e));
      } else {
        AppendUnique(&kept[it->second].styles, e.styles);
      }
    }
    ids->emails = std::move(kept);
  }
  {
    std::vector<Handle> kept;
    std::set<std::pair<std::string, std::string>> seen;
    for (Handle& h : ids->handles) {
      if (seen.insert({h.platform, h.handle}).second) kept.push_back(std::move(h));
    }
    ids->handles = std::move(kept);
  }
}

bool IsObfuscated(const Phone& p) {
  static const std::set<std::string> kOrdinary = {"plain", "spaced", "dotted", "dashed", "international", "link"};
  for (const auto& s : p.styles) {
    if (!kOrdinary.count(s)) return true;
  }
  return false;
}

nlohmann::json IdentifiersToJson(const Identifiers& ids) {
  nlohmann::json j;
  j["phones"] = ids.phones;
  j["emails"] = ids.emails;
  j["handles"] = ids.handles;
  j["diagnostics"] = ids.diagnostics;
  return j;
}

std::ostream& operator<<(std::ostream& os, const Email& e) {
  return os << "Email{" << e.address << " raw=\"" << e.raw << "\"}";
}

std::ostream& operator<<(std::ostream& os, const Handle& h) {
  return os << "Handle{" << h.platform << ":" << h.handle << (h.payment ? " payment" : "") << "}";
}

}  // namespace admon::parsers
