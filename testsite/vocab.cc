// Copyright 2026 The admon Authors.
#include "testsite/vocab.h"

namespace admon::testsite {

const std::vector<Nationality>& Nationalities() {
  static const auto* v = new std::vector<Nationality>{
      {"English", "England", {"Chloe", "Sophie", "Emma", "Jess", "Lucy", "Holly", "Megan", "Amber", "Charlotte", "Hannah"}},
      {"Scottish", "Scotland", {"Kirsty", "Eilidh", "Morag", "Ailsa", "Fiona", "Iona"}},
      {"Welsh", "Wales", {"Cerys", "Seren", "Ffion", "Bethan", "Carys"}},
      {"Romanian", "Romania", {"Alina", "Andreea", "Ioana", "Bianca", "Roxana", "Larisa", "Denisa", "Madalina", "Cristina"}},
      {"Hungarian", "Hungary", {"Eszter", "Zsofia", "Reka", "Nora", "Kitti", "Dora", "Vivien", "Petra"}},
      {"Polish", "Poland", {"Kasia", "Ola", "Magda", "Natalia", "Zuzanna", "Agata", "Monika"}},
      {"Brazilian", "Brazil", {"Camila", "Juliana", "Larissa", "Bruna", "Gabriela", "Leticia", "Rafaela"}},
      {"Thai", "Thailand", {"Ploy", "Nok", "Mai", "Fon", "Dao", "Pim"}},
      {"Bulgarian", "Bulgaria", {"Yana", "Desislava", "Gergana", "Mira", "Teodora"}},
      {"Spanish", "Spain", {"Carmen", "Lucia", "Paula", "Marta", "Ines"}},
      {"Italian", "Italy", {"Giulia", "Chiara", "Francesca", "Martina"}},
      {"Latvian", "Latvia", {"Liga", "Ilze", "Anete", "Elina"}},
  };
  return *v;
}

int EnglishNationality() { return 0; }

const std::vector<std::string>& AgencyNames() {
  static const auto* v = new std::vector<std::string>{
      "Elite Companions", "Silk Society", "Midnight Orchid", "Crown Club", "Serenity Escorts", "Belle Vue Agency",
      "Diamond Dates", "Starlight Companions", "Aurora Introductions", "Ivory Lounge"};
  return *v;
}

const std::vector<std::string>& Services() {
  static const auto* v = new std::vector<std::string>{
      "Companionship", "Dinner dates", "Massage", "Overnights", "Travel companion", "Social events",
      "Weekends away", "Incall", "Outcall", "Duo bookings", "Girlfriend experience", "Role play"};
  return *v;
}

const std::vector<std::string>& IndependentSentences() {
  static const auto* v = new std::vector<std::string>{
      "Hi gentlemen, I'm {name}, a {age} year old {nat} lady based in {town}.",
      "I am friendly, discreet and easy to talk to.",
      "I offer a relaxed, unhurried companionship experience in my clean private flat.",
      "I love good food, long conversations and meeting new people.",
      "Incalls in {town} centre and outcalls to hotels nearby.",
      "Please text first and tell me a little about yourself.",
      "No withheld numbers, thank you.",
      "I am an independent woman and I choose my own hours.",
      "I have lived in {town} for years and know all the nice places for dinner.",
      "Respect is everything to me, and I expect the same in return.",
      "I am always well presented and I take my time.",
      "Parking is easy near my place and it is very discreet.",
  };
  return *v;
}

const std::vector<std::string>& BaitSentences() {
  static const auto* v = new std::vector<std::string>{
      "Young at heart and always smiling.",
      "Fresh towels and a clean, warm flat every time.",
      "Fresh coffee on arrival if you like.",
      "I'm {age}, young at heart and very easy going.",
      "New photos this month, taken by a friend.",
  };
  return *v;
}

const std::vector<std::string>& AgencySentences() {
  static const auto* v = new std::vector<std::string>{
      "Meet {name}, one of our lovely {nat} companions in {town}.",
      "She is elegant, well educated and a wonderful dinner date.",
      "All bookings are handled by our friendly reception team.",
      "Our agency has served {town} and the surrounding area for over ten years.",
      "Hotel and home visits available across the region.",
      "Please see our website for our full gallery and rates.",
  };
  return *v;
}

const std::vector<NetworkTemplate>& NetworkTemplates() {
  static const auto* v = new std::vector<NetworkTemplate>{
      {"\xF0\x9F\x8C\xB8 NEW IN {TOWN} \xF0\x9F\x8C\xB8 {name} {age}",
       {"\xF0\x9F\x8C\xB8 NEW IN {TOWN} \xF0\x9F\x8C\xB8", "{name} {age} years, {nat} girl.",
        "She is young, fresh and new to this.", "Sweet and very friendly, available 24/7.",
        "Call now \xF0\x9F\x8D\x92"},
       {"she is", "young", "fresh", "new to this", "available 24/7", "{nat}"}},
      {"{name} \xF0\x9F\x91\x91 {age} \xF0\x9F\x91\x91 {nat}",
       {"{name} \xF0\x9F\x91\x91 {age} \xF0\x9F\x91\x91 {nat}", "My girls are the best in {town}!",
        "Young and fresh, just arrived this week.", "Incall only, always available.",
        "Text for details \xF0\x9F\x91\x91"},
       {"my girls", "young", "fresh", "just arrived", "always available", "{nat}"}},
      {"New girl {name}, {age}, only few days in {town}",
       {"Lovely new girl {name}, {age}, from {country}.", "Only here for a few days in {town}!",
        "She is very young looking and new to this work.", "She does not speak much English, text only please.",
        "\xF0\x9F\x92\x8B"},
       {"she is", "young", "new to this", "only here for a few days", "does not speak much english", "{nat}"}},
      {"{name} {age} \xF0\x9F\x8C\xB8 {nat} \xF0\x9F\x8C\xB8 {town}",
       {"{name} {age} \xF0\x9F\x8C\xB8 {nat} \xF0\x9F\x8C\xB8 {town} \xF0\x9F\x8D\x92", "New to this, just arrived.",
        "My girls do not speak much English, text only.", "Fresh and young, open 24/7 \xF0\x9F\x91\x91"},
       {"new to this", "just arrived", "my girls", "does not speak much english", "fresh", "young", "24/7", "{nat}"}},
  };
  return *v;
}

const std::vector<std::string>& SpamTexts() {
  static const auto* v = new std::vector<std::string>{
      "BEST GIRLS IN THE UK!!! Hundreds of verified ladies in every city. Use code VIP50 for 50% off your first "
      "booking. Deposit required to secure your date.",
      "Lonely tonight? Thousands of real local girls waiting for you. Register free, verify with a small card "
      "payment and meet tonight!!!",
      "GUARANTEED MEETINGS in your town. Gift card deposit only. Fast, easy, no questions asked!!!",
  };
  return *v;
}

const std::vector<std::string>& EmailDomains() {
  static const auto* v =
      new std::vector<std::string>{"gmail.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk", "protonmail.com"};
  return *v;
}

const std::vector<std::string>& Emoji() {
  static const auto* v = new std::vector<std::string>{"\xF0\x9F\x8C\xB8", "\xF0\x9F\x8D\x92", "\xF0\x9F\x91\x91",
                                                      "\xF0\x9F\x92\x8B", "\xE2\x9C\xA8"};
  return *v;
}

std::string Fill(std::string text, const std::string& key, const std::string& value) {
  const std::string pat = "{" + key + "}";
  for (size_t pos = text.find(pat); pos != std::string::npos; pos = text.find(pat, pos + value.size())) {
    text.replace(pos, pat.size(), value);
  }
  return text;
}

}  // namespace admon::testsite
