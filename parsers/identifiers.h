// Copyright 2026 The admon Authors.
//
// Identifier extraction: phone numbers (including obfuscated ones), e-mail
// addresses and messaging/social/payment handles from text and link targets.
// Used by the page parsers; fills the Phone/Email/Handle records of
// parsers/advert.h.
//
// Phones. Text is folded (NFKC: fullwidth, mathematical and circled digits,
// keycaps; confusable O/I), number words ("oh seven", "double 7", "f1ve"),
// letters as digits ("O7911 l23456") and separators between digit groups
// (spaces . - / * | _ ~ brackets emoji, up to two line breaks) are undone,
// then runs of whole groups are validated with libphonenumber. National
// numbers ("0...") are tried in `default_region`, then in each of
// `extra_regions` in order (so "0721 234 567" resolves to RO when it is not a
// valid GB number); "+CC"/"00CC" numbers use their country code. Dates,
// clock times, prices (after a currency sign or before "ph"/"min"...) and
// numbers after a reference label ("Ref:", "ID") are never phones. The full
// decision rule is in parsers/phone_finder.h and docs/identifiers.md.
//
// Phone styles (Phone::styles, in this order): "plain", "spaced", "dotted",
// "dashed", "international" (+CC, 00CC or bare 44/36/40 mobile), "plus44_0"
// ("+44 (0)7..."), "double_zero" (0044), "letters" (O/o/l/I or confusables
// for digits), "words", "double_triple", "mixed_words_digits", "separators"
// (/ * | _ ~ • and invisible characters), "emoji_separators", "fullwidth",
// "math_digits" (mathematical, super/subscript and other-script digits),
// "circled", "keycap", "split_lines", "leet", "link" (tel:, sms:, wa.me).
//
// Emails: "a@b.com", "a at b dot com", "a (at) b (dot) com", "a[at]b[dot]com";
// styles "plain" or "at_dot_words". Address lower-cased.
//
// Handles (platform names): "whatsapp" (wa.me links, or "WhatsApp" next to a
// phone: handle = E.164), "telegram" (t.me/x, "telegram: x", "tg: x"),
// "snapchat" ("snap: x", "sc: x", snapchat.com/add/x), "instagram" ("insta: x",
// "ig: x", instagram.com/x), "onlyfans" (onlyfans.com/x, "OF: x"), "x"
// (twitter.com/x, x.com/x, "twitter: x"), "kik"; payment=true for "paypal"
// (paypal.me/x), "cashapp" (cash.app/$x, "$tag" when the text mentions Cash
// App), "revolut" (revolut.me/x), "monzo" (monzo.me/x). A bare "@name" is a
// handle with platform "unknown" unless a platform word precedes it on the
// same line. Handles are lower case without '@'.
//
// Thread safety: IdentifierExtractor is immutable after Create; all const
// methods may be called concurrently.
#ifndef ADMON_PARSERS_IDENTIFIERS_H_
#define ADMON_PARSERS_IDENTIFIERS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "parsers/advert.h"

namespace admon::parsers {

namespace internal {
class PhoneFinder;
struct TextRules;
}  // namespace internal

struct IdentifierOptions {
  std::string default_region = "GB";                      // CLDR region for national-format numbers
  std::vector<std::string> extra_regions = {"HU", "RO"};  // tried in order when default_region fails
  size_t max_text_bytes = 1 << 20;  // bytes; longer text is truncated (diagnostic) to bound work
};

struct Identifiers {
  std::vector<Phone> phones;
  std::vector<Email> emails;
  std::vector<Handle> handles;
  std::vector<std::string> diagnostics;
};

class IdentifierExtractor {
 public:
  // Errors: InvalidArgument for an unknown region code or a regex that fails
  // to compile (named).
  static absl::StatusOr<std::unique_ptr<IdentifierExtractor>> Create(const IdentifierOptions& options = {});
  ~IdentifierExtractor();
  IdentifierExtractor(const IdentifierExtractor&) = delete;
  IdentifierExtractor& operator=(const IdentifierExtractor&) = delete;

  // Appends identifiers found in `text` (UTF-8, may be invalid). Spans are
  // byte offsets into `text`; Span::field = `field`; Source = `source`.
  // Links written in the text (t.me/x, wa.me/447...) are extracted too.
  void ExtractText(std::string_view text, std::string_view field, Source source, Identifiers* out) const;

  // A link target (href): tel:, sms:, mailto:, wa.me/..., api.whatsapp.com/
  // send?phone=, t.me/x, snapchat.com/add/x, instagram.com/x, onlyfans.com/x,
  // twitter.com/x, x.com/x, paypal.me/x, cash.app/$x, revolut.me/x, monzo.me/x.
  // Source::kLink; Span::field "link", begin/end -1.
  void ExtractLink(std::string_view href, Identifiers* out) const;

  // Merges duplicates (same e164 / address / platform+handle): union of
  // styles, first record's raw/span/source kept; order of first occurrence.
  static void Dedupe(Identifiers* ids);

 private:
  IdentifierExtractor() = default;
  void ExtractLinkAt(std::string_view href, Source source, const Span& span, Identifiers* out) const;

  IdentifierOptions options_;
  std::unique_ptr<internal::PhoneFinder> phones_;
  std::unique_ptr<internal::TextRules> rules_;
};

// True if `p` has a style other than plain, spaced, dotted, dashed,
// international and link (i.e. the number was deliberately disguised).
bool IsObfuscated(const Phone& p);

// {"phones":[...],"emails":[...],"handles":[...],"diagnostics":[...]}.
nlohmann::json IdentifiersToJson(const Identifiers& ids);

std::ostream& operator<<(std::ostream& os, const Email& e);
std::ostream& operator<<(std::ostream& os, const Handle& h);

}  // namespace admon::parsers

#endif  // ADMON_PARSERS_IDENTIFIERS_H_
