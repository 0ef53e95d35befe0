// Copyright 2026 The admon Authors.
//
// Scores parsed adverts against the test sites' ground truth (truth.jsonl,
// format in docs/testsite.md): phone recall/precision per advert and per
// written style, e-mail and handle recall/precision, and furniture leaks
// (a site's footer support phone/e-mail, or another advert's phone, attached
// to an advert). Benchmarks only (bench/truth_eval.cc).
//
// Per-style phone recall is per occurrence and strict: an occurrence counts as
// found only when the advert's phone with that E.164 carries the admon style
// tag that the written form produces (ExpectedTags), so a "words" number in a
// description is not credited because the same number is also in the phone
// field. Styles whose form has no distinctive tag (plain, spaced, intl_plus,
// data_attribute, json_script) count when the number is on the advert.
//
// Image occurrences count (as style "image_only") only when the number is in
// no text of the advert: the pipeline OCRs only adverts showing no phone.
// Truth lists WhatsApp handles only for wa.me links; a number written right
// after "WhatsApp" ("WhatsApp: 0...", "Call or WhatsApp 0...") is expected as
// handle style "whatsapp/label" too (WhatsAppLabelled).
//
// Thread safety: TruthScorer is single-threaded.
#ifndef ADMON_BENCH_TRUTH_SCORE_H_
#define ADMON_BENCH_TRUTH_SCORE_H_

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "parsers/advert.h"

namespace admon::bench {

// admon Phone::styles tags any of which shows that an occurrence written in
// truth style `style` was recognised; empty: no distinctive tag.
std::vector<std::string> ExpectedTags(const std::string& style);

// E.164 numbers the truth description writes right after the word "WhatsApp".
std::vector<std::string> WhatsAppLabelled(const nlohmann::json& truth);

struct Tally {
  int64_t n = 0;      // occurrences (recall) or extracted values (precision)
  int64_t found = 0;  // found (recall) or correct (precision)
  double Rate() const { return n == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(n); }
};

// Set-level counts of one identifier kind over all adverts.
struct SetCounts {
  int64_t tp = 0, fn = 0, fp = 0;
  double Recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fn); }
  double Precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fp); }
};

class TruthScorer {
 public:
  // `truth`: every truth.jsonl record (for the other-advert leak check);
  // `support_phones` (E.164) and `support_emails`: the sites' footer furniture.
  TruthScorer(const std::vector<nlohmann::json>& truth, std::set<std::string> support_phones,
              std::set<std::string> support_emails, int max_examples);

  // One advert: its truth record and what the parser produced.
  void Add(const nlohmann::json& truth, const parsers::Advert& got);

  nlohmann::json ToJson() const;
  void PrintTable(FILE* out) const;
  // Up to max_examples misses and false positives, one per line.
  const std::vector<std::string>& examples() const { return examples_; }

 private:
  void Example(std::string line);

  std::map<std::string, std::set<std::string>> phone_owners_;  // e164 -> advert ids
  std::set<std::string> support_phones_, support_emails_;
  int max_examples_;

  int64_t adverts_ = 0;
  SetCounts phones_text_;   // truth phones written somewhere other than an image
  SetCounts phones_all_;    // every truth phone (image-only ones need OCR)
  std::map<std::string, Tally> phone_style_recall_;     // truth style -> occurrences
  std::map<std::string, Tally> phone_tag_precision_;    // admon tag -> extracted phones
  SetCounts emails_, handles_;
  std::map<std::string, Tally> email_style_recall_, handle_style_recall_;
  int64_t image_also_in_text_ = 0;
  int64_t furniture_phone_adverts_ = 0, furniture_email_adverts_ = 0, other_advert_phone_adverts_ = 0;
  std::vector<std::string> examples_;
};

}  // namespace admon::bench

#endif  // ADMON_BENCH_TRUTH_SCORE_H_
