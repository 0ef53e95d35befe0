// Copyright 2026 The admon Authors.
//
// Word lists for the synthetic adverts: nationalities with name pools,
// agency brands, services, sentences. Clean, realistic prose only.
// Thread safety: immutable tables.
#ifndef ADMON_TESTSITE_VOCAB_H_
#define ADMON_TESTSITE_VOCAB_H_

#include <string>
#include <vector>

namespace admon::testsite {

struct Nationality {
  std::string adjective;  // "Romanian"
  std::string country;    // "Romania"
  std::vector<std::string> names;
};
const std::vector<Nationality>& Nationalities();
// Index into Nationalities() of "English".
int EnglishNationality();

const std::vector<std::string>& AgencyNames();
const std::vector<std::string>& Services();
// First-person sentences for independents; "{name}", "{age}", "{nat}", "{town}" slots.
const std::vector<std::string>& IndependentSentences();
// Innocent phrases that look like indicators.
const std::vector<std::string>& BaitSentences();
// Agency prose, third person ("She is ..." is normal here).
const std::vector<std::string>& AgencySentences();

struct NetworkTemplate {
  std::string title;  // slots as above plus "{TOWN}" (upper case)
  std::vector<std::string> sentences;
  std::vector<std::string> indicators;  // indicator phrases the template contains
};
const std::vector<NetworkTemplate>& NetworkTemplates();
const std::vector<std::string>& SpamTexts();
const std::vector<std::string>& EmailDomains();
const std::vector<std::string>& Emoji();  // 🌸 🍒 👑 💋 ✨

// Replaces every "{key}" in `text`.
std::string Fill(std::string text, const std::string& key, const std::string& value);

}  // namespace admon::testsite

#endif  // ADMON_TESTSITE_VOCAB_H_
