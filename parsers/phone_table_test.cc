// Copyright 2026 The admon Authors.
//
// The phone table: written numbers in every style admon detects (UK mobile and
// landline, HU and RO), each with its E.164 number and the styles that must be
// reported, and look-alikes that must yield no phone at all.
#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parsers/identifiers.h"

namespace admon::parsers {
namespace {

struct PhoneCase {
  const char* text;
  const char* e164;
  std::vector<std::string> styles;  // must all be present
};

// Numbers validated by libphonenumber 8.12 (07700 900xxx drama numbers are not).
const std::vector<PhoneCase>& PhoneCases() {
  static const auto* cases = new std::vector<PhoneCase>{
    {"07911123456", "+447911123456", {"plain"}},
    {"Call me on 07400123456", "+447400123456", {"plain"}},
    {"Text 07512345678 x", "+447512345678", {"plain"}},
    {"Bookings: 07876543210.", "+447876543210", {"plain"}},
    {"💋 07311987654 💋", "+447311987654", {"plain"}},
    {"new in town, ring 07624123456 (no withheld)", "+447624123456", {"plain"}},
    {"Tel: 01134960123", "+441134960123", {"plain"}},
    {"Age 24, size 8. Call 02079460123", "+442079460123", {"plain"}},
    {"Call me on 0787 654 3210", "+447876543210", {"spaced"}},
    {"Text 073 1198 7654 x", "+447311987654", {"spaced"}},
    {"Bookings: 07624 123 456.", "+447624123456", {"spaced"}},
    {"💋 011 3496 0123 💋", "+441134960123", {"spaced"}},
    {"new in town, ring 02079 460123 (no withheld)", "+442079460123", {"spaced"}},
    {"Tel: 01612 345 678", "+441612345678", {"spaced"}},
    {"Age 24, size 8. Call 01214 960000", "+441214960000", {"spaced"}},
    {"Incall & outcall\n06201 234 567\nLeeds", "+36201234567", {"spaced"}},
    {"Text 011.3496.0123 x", "+441134960123", {"dotted"}},
    {"Bookings: 0207.946.0123.", "+442079460123", {"dotted"}},
    {"💋 01612.345.678 💋", "+441612345678", {"dotted"}},
    {"new in town, ring 012.1496.0000 (no withheld)", "+441214960000", {"dotted"}},
    {"Tel: 06201.234.567", "+36201234567", {"dotted"}},
    {"Age 24, size 8. Call 06301.234567", "+36301234567", {"dotted"}},
    {"Incall & outcall\n06701.234.567\nLeeds", "+36701234567", {"dotted"}},
    {"£120 1hr, call 07212.34567 now", "+40721234567", {"dotted"}},
    {"Bookings: 012-1496-0000.", "+441214960000", {"dashed"}},
    {"💋 06201-234-567 💋", "+36201234567", {"dashed"}},
    {"new in town, ring 06301-234-567 (no withheld)", "+36301234567", {"dashed"}},
    {"Tel: 06701-234567", "+36701234567", {"dashed"}},
    {"Age 24, size 8. Call 0721-234-567", "+40721234567", {"dashed"}},
    {"Incall & outcall\n0744-123-456\nLeeds", "+40744123456", {"dashed"}},
    {"£120 1hr, call 0755-987-654 now", "+40755987654", {"dashed"}},
    {"07911-123-456", "+447911123456", {"dashed"}},
    {"💋 +36 7012 34567 💋", "+36701234567", {"international", "spaced"}},
    {"new in town, ring +40 7212 34567 (no withheld)", "+40721234567", {"international", "spaced"}},
    {"Tel: +40 7441 23456", "+40744123456", {"international", "spaced"}},
    {"Age 24, size 8. Call +40755987654", "+40755987654", {"international"}},
    {"Incall & outcall\n+447911123456\nLeeds", "+447911123456", {"international"}},
    {"£120 1hr, call +44 740 012 3456 now", "+447400123456", {"international", "spaced"}},
    {"+44 7512 345 678", "+447512345678", {"international", "spaced"}},
    {"Call me on +44 787 654 3210", "+447876543210", {"international", "spaced"}},
    {"new in town, ring +44 (0)791 112 3456 (no withheld)", "+447911123456", {"international", "plus44_0"}},
    {"Tel: +44 (0)791 112 3456", "+447911123456", {"international", "plus44_0"}},
    {"Age 24, size 8. Call +44 (0)740 012 3456", "+447400123456", {"international", "plus44_0"}},
    {"Incall & outcall\n+44 (0)751 234 5678\nLeeds", "+447512345678", {"international", "plus44_0"}},
    {"£120 1hr, call +44 (0)78 7654 3210 now", "+447876543210", {"international", "plus44_0"}},
    {"+44 (0)7311 987 654", "+447311987654", {"international", "plus44_0"}},
    {"Call me on +44 (0)762 412 3456", "+447624123456", {"international", "plus44_0"}},
    {"Text +44 (0)113 496 0123 x", "+441134960123", {"international", "plus44_0"}},
    {"Tel: 0044 7512 345 678", "+447512345678", {"double_zero"}},
    {"Age 24, size 8. Call 0044 787 654 3210", "+447876543210", {"double_zero"}},
    {"Incall & outcall\n0044 73119 87654\nLeeds", "+447311987654", {"double_zero"}},
    {"£120 1hr, call 0044 762 412 3456 now", "+447624123456", {"double_zero"}},
    {"0044 11349 60123", "+441134960123", {"double_zero"}},
    {"Call me on 0044 20794 60123", "+442079460123", {"double_zero"}},
    {"Text 0044 1612 345 678 x", "+441612345678", {"double_zero"}},
    {"Bookings: 0044 121 496 0000.", "+441214960000", {"double_zero"}},
    {"Age 24, size 8. Call o7624I23456", "+447624123456", {"letters"}},
    {"Incall & outcall\nOII3496OI23\nLeeds", "+441134960123", {"letters"}},
    {"£120 1hr, call O2o7946ol23 now", "+442079460123", {"letters"}},
    {"ol6I2345678", "+441612345678", {"letters"}},
    {"Call me on ol2l496OooO", "+441214960000", {"letters"}},
    {"Text O62ol234567 x", "+36201234567", {"letters"}},
    {"Bookings: o63oI234567.", "+36301234567", {"letters"}},
    {"💋 O67Ol234567 💋", "+36701234567", {"letters"}},
    {"Incall & outcall\nzero one six one two three four five six seven eight\nLeeds", "+441612345678", {"words"}},
    {"£120 1hr, call oh one two one four nine six zero zero zero zero now", "+441214960000", {"words"}},
    {"oh six two zero one two three four five six seven", "+36201234567", {"words"}},
    {"Call me on zero six three oh one two three four five six seven", "+36301234567", {"words"}},
    {"Text zero six seven zero one two three four five six seven x", "+36701234567", {"words"}},
    {"Bookings: zero seven two one two three four five six seven.", "+40721234567", {"words"}},
    {"💋 zero seven four four one two three four five six 💋", "+40744123456", {"words"}},
    {"new in town, ring zero seven five five nine eight seven six five four (no withheld)", "+40755987654", {"words"}},
    {"Text 0 7 double four 1 2 3 four five six x", "+40744123456", {"double_triple"}},
    {"Bookings: 0 7 double five 9 8 7 6 5 4.", "+40755987654", {"double_triple"}},
    {"💋 0 seven 9 triple 1 two 3 4 five 6 💋", "+447911123456", {"double_triple"}},
    {"new in town, ring 0 seven 4 double zero one 2 3 four five six (no withheld)", "+447400123456", {"double_triple"}},
    {"zero seven four four one 23456", "+40744123456", {"words", "mixed_words_digits"}},
    {"Call me on zero seven five five 987654", "+40755987654", {"words", "mixed_words_digits"}},
    {"Text zero seven 911123456 x", "+447911123456", {"words", "mixed_words_digits"}},
    {"Bookings: zero seven four zero 0123456.", "+447400123456", {"words", "mixed_words_digits"}},
    {"💋 zero seven five 12345678 💋", "+447512345678", {"words", "mixed_words_digits"}},
    {"new in town, ring zero seven eight seven 6543210 (no withheld)", "+447876543210", {"words", "mixed_words_digits"}},
    {"Tel: zero seven three one 1987654", "+447311987654", {"words", "mixed_words_digits"}},
    {"Age 24, size 8. Call zero seven six 24123456", "+447624123456", {"words", "mixed_words_digits"}},
    {"Call me on 0740|012|3456", "+447400123456", {"separators"}},
    {"Text 075|1234|5678 x", "+447512345678", {"separators"}},
    {"Bookings: 07876 | 543 | 210.", "+447876543210", {"separators"}},
    {"💋 073_1198_7654 💋", "+447311987654", {"separators"}},
    {"new in town, ring 0762 * 412 * 3456 (no withheld)", "+447624123456", {"separators"}},
    {"Tel: 011 | 3496 | 0123", "+441134960123", {"separators"}},
    {"Age 24, size 8. Call 020_7946_0123", "+442079460123", {"separators"}},
    {"Incall & outcall\n0161 | 234 | 5678\nLeeds", "+441612345678", {"separators"}},
    {"Text 0731⭐198⭐7654 x", "+447311987654", {"emoji_separators"}},
    {"Bookings: 07624🌹123🌹456.", "+447624123456", {"emoji_separators"}},
    {"💋 0113🌹496🌹0123 💋", "+441134960123", {"emoji_separators"}},
    {"new in town, ring 020 🔥 7946 🔥 0123 (no withheld)", "+442079460123", {"emoji_separators"}},
    {"Tel: 01612 ⭐ 345678", "+441612345678", {"emoji_separators"}},
    {"Age 24, size 8. Call 012 💋 1496 💋 0000", "+441214960000", {"emoji_separators"}},
    {"Incall & outcall\n062🔥0123🔥4567\nLeeds", "+36201234567", {"emoji_separators"}},
    {"£120 1hr, call 0630⭐123⭐4567 now", "+36301234567", {"emoji_separators"}},
    {"Bookings: ０２０７９４６０１２３.", "+442079460123", {"fullwidth"}},
    {"💋 ０１６１２３４５６７８ 💋", "+441612345678", {"fullwidth"}},
    {"new in town, ring ０１２１４９６００００ (no withheld)", "+441214960000", {"fullwidth"}},
    {"Tel: ０６２０１２３４５６７", "+36201234567", {"fullwidth"}},
    {"Age 24, size 8. Call ０６３０１２３４５６７", "+36301234567", {"fullwidth"}},
    {"Incall & outcall\n０６７０１２３４５６７\nLeeds", "+36701234567", {"fullwidth"}},
    {"£120 1hr, call ０７２１２３４５６７ now", "+40721234567", {"fullwidth"}},
    {"０７４４１２３４５６", "+40744123456", {"fullwidth"}},
    {"💋 𝟎𝟔𝟐𝟎𝟏 𝟐𝟑𝟒𝟓𝟔𝟕 💋", "+36201234567", {"math_digits"}},
    {"new in town, ring 𝟢𝟨𝟥𝟢 𝟣𝟤𝟥 𝟦𝟧𝟨𝟩 (no withheld)", "+36301234567", {"math_digits"}},
    {"Tel: 𝟎𝟔𝟕 𝟎𝟏𝟐𝟑 𝟒𝟓𝟔𝟕", "+36701234567", {"math_digits"}},
    {"Age 24, size 8. Call 𝟢𝟩𝟤𝟣𝟤 𝟥𝟦𝟧𝟨𝟩", "+40721234567", {"math_digits"}},
    {"Incall & outcall\n𝟎𝟕𝟒𝟒 𝟏𝟐𝟑 𝟒𝟓𝟔\nLeeds", "+40744123456", {"math_digits"}},
    {"£120 1hr, call 𝟎𝟕𝟓𝟓 𝟗𝟖𝟕 𝟔𝟓𝟒 now", "+40755987654", {"math_digits"}},
    {"𝟎𝟕𝟗 𝟏𝟏𝟏𝟐 𝟑𝟒𝟓𝟔", "+447911123456", {"math_digits"}},
    {"Call me on 𝟢𝟩𝟦𝟢 𝟢𝟣𝟤 𝟥𝟦𝟧𝟨", "+447400123456", {"math_digits"}},
    {"new in town, ring ⓪⑦②①②③④⑤⑥⑦ (no withheld)", "+40721234567", {"circled"}},
    {"Tel: ⓪⑦④④①②③④⑤⑥", "+40744123456", {"circled"}},
    {"Age 24, size 8. Call ⓪⑦⑤⑤⑨⑧⑦⑥⑤④", "+40755987654", {"circled"}},
    {"Incall & outcall\n⓪⑦⑨①①①②③④⑤⑥\nLeeds", "+447911123456", {"circled"}},
    {"£120 1hr, call ⓪⑦④⓪⓪①②③④⑤⑥ now", "+447400123456", {"circled"}},
    {"⓪⑦⑤①②③④⑤⑥⑦⑧", "+447512345678", {"circled"}},
    {"Call me on ⓪⑦⑧⑦⑥⑤④③②①⓪", "+447876543210", {"circled"}},
    {"Text ⓪⑦③①①⑨⑧⑦⑥⑤④ x", "+447311987654", {"circled"}},
    {"Tel: 0️⃣7️⃣9️⃣1️⃣1️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣", "+447911123456", {"keycap"}},
    {"Age 24, size 8. Call 0️⃣7️⃣4️⃣0️⃣0️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣", "+447400123456", {"keycap"}},
    {"Incall & outcall\n0️⃣7️⃣5️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣\nLeeds", "+447512345678", {"keycap"}},
    {"£120 1hr, call 0️⃣7️⃣8️⃣7️⃣6️⃣5️⃣4️⃣3️⃣2️⃣1️⃣0️⃣ now", "+447876543210", {"keycap"}},
    {"0️⃣7️⃣3️⃣1️⃣1️⃣9️⃣8️⃣7️⃣6️⃣5️⃣4️⃣", "+447311987654", {"keycap"}},
    {"Call me on 0️⃣7️⃣6️⃣2️⃣4️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣", "+447624123456", {"keycap"}},
    {"Text 0️⃣1️⃣1️⃣3️⃣4️⃣9️⃣6️⃣0️⃣1️⃣2️⃣3️⃣ x", "+441134960123", {"keycap"}},
    {"Bookings: 0️⃣2️⃣0️⃣7️⃣9️⃣4️⃣6️⃣0️⃣1️⃣2️⃣3️⃣.", "+442079460123", {"keycap"}},
    {"Age 24, size 8. Call 078\n7654\n3210", "+447876543210", {"split_lines"}},
    {"Incall & outcall\n0731\n198 7654\nLeeds", "+447311987654", {"split_lines"}},
    {"£120 1hr, call 0762\n412 3456 now", "+447624123456", {"split_lines"}},
    {"01134\n960\n123", "+441134960123", {"split_lines"}},
    {"Call me on 020\n7946\n0123", "+442079460123", {"split_lines"}},
    {"Text 01612\n345 678 x", "+441612345678", {"split_lines"}},
    {"Bookings: 012\n1496 0000.", "+441214960000", {"split_lines"}},
    {"💋 06201\n234567 💋", "+36201234567", {"split_lines"}},
    {"Incall & outcall\nz3r0 on3 0ne thr33 f0ur n1ne s1x zer0 0ne tw0 thr3e\nLeeds", "+441134960123", {"leet"}},
    {"£120 1hr, call zer0 tw0 z3r0 sev3n n1ne f0ur s1x zer0 on3 tw0 thr3e now", "+442079460123", {"leet"}},
    {"z3r0 0ne s1x 0ne tw0 thr3e f0ur f1ve s1x sev3n 31ght", "+441612345678", {"leet"}},
    {"Call me on zer0 on3 tw0 0ne f0ur n1ne s1x z3r0 z3r0 z3r0 z3r0", "+441214960000", {"leet"}},
    {"Text zer0 s1x tw0 z3r0 on3 tw0 thr33 f0ur fiv3 s1x sev3n x", "+36201234567", {"leet"}},
    {"Bookings: z3r0 s1x thr3e zer0 on3 tw0 thr33 f0ur fiv3 s1x sev3n.", "+36301234567", {"leet"}},
    {"💋 zer0 s1x sev3n zer0 0ne tw0 thr33 f0ur f1ve s1x s3ven 💋", "+36701234567", {"leet"}},
    {"new in town, ring z3r0 sev3n tw0 0ne tw0 thr3e f0ur f1ve s1x sev3n (no withheld)", "+40721234567", {"leet"}},
    // Hand-written extras.
    {"Call 07911 123 456 now", "+447911123456", {"spaced"}},
    {"+44 (0) 7911 123456", "+447911123456", {"international", "plus44_0", "spaced"}},
    {"+44(0)7911123456", "+447911123456", {"international", "plus44_0"}},
    {"0044 (0)7911 123456", "+447911123456", {"double_zero", "plus44_0"}},
    {"00447911123456", "+447911123456", {"double_zero"}},
    {"+36 20 123 4567", "+36201234567", {"international", "spaced"}},
    {"+36-30-123-4567", "+36301234567", {"international", "dashed"}},
    {"0036 70 123 4567", "+36701234567", {"double_zero"}},
    {"06 20 123 4567", "+36201234567", {"spaced"}},
    {"+40 721 234 567", "+40721234567", {"international", "spaced"}},
    {"0040 744 123 456", "+40744123456", {"double_zero"}},
    {"0721 234 567 (RO)", "+40721234567", {"spaced"}},
    {"447911123456 on whatsapp", "+447911123456", {"international"}},
    {"(07911) 123456", "+447911123456", {"spaced"}},
    {"07911/123456", "+447911123456", {"separators"}},
    {"O7911 l23456", "+447911123456", {"letters", "spaced"}},
    {"07911\xE2\x80\xA2" "123\xE2\x80\xA2" "456", "+447911123456", {"separators"}},
    {"oh seven nine one one, one two three four five six", "", {}},  // comma breaks: not a number
    {"seven nine one one", "", {}},
    {"0\xE2\x80\x8B" "7911\xE2\x80\x8B" "123456", "+447911123456", {"separators"}},
    {"\xD0\x9E" "7911 123456", "+447911123456", {"letters"}},
    {"07400four567", "", {}},  // 9 digits: too short
    {"07400four56789", "+447400456789", {"words", "mixed_words_digits"}},
    {"0791one123456", "+447911123456", {"words", "mixed_words_digits"}},
    {"zero seven nine double one, 123456", "", {}},
    {"zero seven nine double one 123456", "+447911123456", {"words", "double_triple", "mixed_words_digits"}},
    {"07911 \xF0\x9F\x92\x8B\xF0\x9F\x92\x8B 123456", "+447911123456", {"emoji_separators"}},
    {"0 7 9 1 1 1 2 3 4 5 6", "+447911123456", {"spaced"}},
    {"07911\n\n123456", "+447911123456", {"split_lines"}},
    {"\xEF\xBC\x90\xEF\xBC\x97\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x91 123456", "+447911123456", {"fullwidth", "spaced"}},
    {"n1ne", "", {}},
    {"Tel07911123456", "+447911123456", {"plain"}},
    {"07400 123456xx", "+447400123456", {"spaced"}},
    {"call me from my ad 07400 123456", "+447400123456", {"spaced"}},
    {"(+44) 7400 123456", "+447400123456", {"international", "spaced"}},
    {"+ 44 7400 123 456", "+447400123456", {"international", "spaced"}},
    {"Zero Seven Four Zero Zero One Two Three Four Five Six", "+447400123456", {"words"}},
    {"zero-seven-four-zero-zero-one-two-three-four-five-six", "+447400123456", {"words", "dashed"}},
    {"0seven4double0one23four56", "+447400123456", {"words", "mixed_words_digits", "double_triple"}},
    {"age 21 07400 123456", "+447400123456", {"spaced"}},
    {"size 0 07400 123456", "+447400123456", {"spaced"}},
    // A 4+ digit lead (trunk + prefix) anchors pairs and a short last group.
    {"07911 12 34 56", "+447911123456", {"spaced"}},
    {"WhatsApp: 07654 4068 34", "+447654406834", {"spaced"}},
    {"0161 496 00 71", "+441614960071", {"spaced"}},
    {"0721 23 45 67", "+40721234567", {"spaced"}},
    {"+44 7911 12 34 56", "+447911123456", {"international", "spaced"}},
    {"07785\xF0\x9F\x91\x91" "0910\xF0\x9F\x91\x91" "56", "+447785091056", {"emoji_separators"}},
    {"07820\n9637 99", "+447820963799", {"split_lines"}},
    {"+40 seven two eight zero 037 one zero", "+40728003710", {"international", "words", "mixed_words_digits"}},
    {"+36-204-8414-96", "+36204841496", {"international", "dashed"}},
    {"+40 78\n46 025 21", "+40784602521", {"international", "split_lines"}},
    {"+36 seven zero two 90 three eight 02", "+36702903802", {"international", "words", "mixed_words_digits"}},
  };
  return *cases;
}

// Look-alikes: none of these may yield a phone.
const std::vector<const char*>& LookAlikes() {
  static const auto* cases = new std::vector<const char*>{
      "\xC2\xA3" "150 per hour, \xC2\xA3" "100 30min, \xC2\xA3" "80 15min",
      "150ph 100hh",
      "30min 100 1hr 150 2hrs 280",
      "Stats 34-24-36, size 8",
      "34DD-24-36",
      "Available 24/7",
      "open 10:30 till 23:00",
      "Posted 12/03/2026 at 10:45",
      "Updated 2026-03-12",
      "height 5'6\" weight 55kg",
      "I'm 5ft 6 and 23 years old",
      "LS1 4AB near the station",
      "Ref: 20394857",
      "Advert ID 123456789",
      "ID: 01134960871",
      "Ref 07911123456",
      "Invoice no. 0203948576",
      "age 23 size 8 \xC2\xA3" "120",
      "age 23, size 8, 34C, \xC2\xA3" "120 ph",
      "born 1999, 23 yo, 2 girls 1 flat",
      "Rates: 30 mins 80, 45 mins 100, 60 mins 130, 90 mins 200",
      "Room 214, floor 3, door code 1998",
      "Open 9 to 5, 7 days",
      "one hour two hundred",
      "I have one or two hours free",
      "call me at 9 or 10pm",
      "Prices 80 100 150 200 250 300",
      "Dates 01/03/2026 05/03/2026",
      "12.03.2026",
      "01/03/2026 07/03/2026 10:00",
      "2 hours 250 3 hours 350 overnight 900",
      "Order 1029384756 shipped",
      "01.02.2026 - 28.02.2026",
      "0.5 miles from M1 J42",
      "tel: 123",
      "Visa 4111 1111 1111 1111",
      "My weight 60 kg height 165 cm age 28",
      "Mon-Fri 10-22, Sat 12-20",
      "Call after 8.30pm",
      "10% off 24 7 365",
      "NHS 943 476 5919",
      "7 days a week 365 days",
      "\xC2\xA3" "07911123456",
      "07911123456 ph",
      "size 0 7 days 9 1 1 1 2 3 4 5 6 hours",
      "2026-03-12 10:30 01/04/2026",
      "hello oh one one nine",
      "007 licence to thrill",
      "5 foot 6, 8 stone 2",
      "0 7 9",
      "ID123456789",
      "ref07911123456",
      "07911123456ph",
      "Account no. 0113 496 0123",
  };
  return *cases;
}

class PhoneTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto x = IdentifierExtractor::Create();
    ASSERT_TRUE(x.ok()) << x.status();
    extractor_ = std::move(*x);
  }
  std::vector<Phone> Phones(const std::string& text) {
    Identifiers ids;
    extractor_->ExtractText(text, "description", Source::kText, &ids);
    return ids.phones;
  }
  std::unique_ptr<IdentifierExtractor> extractor_;
};

TEST_F(PhoneTableTest, TableHasEnoughCasesOfEveryKind) {
  EXPECT_GE(PhoneCases().size(), 150u);
  EXPECT_GE(LookAlikes().size(), 40u);
  for (const char* style : {"plain", "spaced", "dotted", "dashed", "international", "plus44_0", "double_zero",
                            "letters", "words", "double_triple", "mixed_words_digits", "separators",
                            "emoji_separators", "fullwidth", "math_digits", "circled", "keycap", "split_lines",
                            "leet"}) {
    EXPECT_TRUE(std::any_of(PhoneCases().begin(), PhoneCases().end(), [style](const PhoneCase& c) {
      return std::find(c.styles.begin(), c.styles.end(), style) != c.styles.end();
    })) << style;
  }
}

TEST_F(PhoneTableTest, EveryWrittenNumberIsFoundWithItsStyles) {
  int failures = 0;  // counted for the summary below
  for (const PhoneCase& c : PhoneCases()) {
    std::vector<Phone> phones = Phones(c.text);
    if (std::string(c.e164).empty()) {
      EXPECT_THAT(phones, ::testing::IsEmpty()) << c.text;
      continue;
    }
    if (phones.size() != 1u) {
      ADD_FAILURE() << "want 1 phone, got " << phones.size() << " in \"" << c.text << "\""
                    << (phones.empty() ? "" : " first: ") << (phones.empty() ? Phone{} : phones[0]);
      ++failures;
      continue;
    }
    const Phone& p = phones[0];
    EXPECT_EQ(p.e164, c.e164) << c.text;
    for (const std::string& s : c.styles) EXPECT_THAT(p.styles, ::testing::Contains(s)) << c.text << " " << p;
    // Spans point at the raw text.
    EXPECT_EQ(std::string(c.text).substr(p.span.begin, p.span.end - p.span.begin), p.raw);
    EXPECT_EQ(p.span.field, "description");
  }
  EXPECT_EQ(failures, 0);
}

TEST_F(PhoneTableTest, PlainSpacedDottedDashedAreNotObfuscated) {
  for (const PhoneCase& c : PhoneCases()) {
    std::vector<Phone> phones = Phones(c.text);
    if (phones.size() != 1) continue;
    bool ordinary = !c.styles.empty();
    for (const std::string& s : c.styles) {
      ordinary &= s == "plain" || s == "spaced" || s == "dotted" || s == "dashed" || s == "international";
    }
    bool obfuscated_style = false;
    for (const std::string& s : c.styles) {
      obfuscated_style |= !(s == "plain" || s == "spaced" || s == "dotted" || s == "dashed" || s == "international");
    }
    if (ordinary) {
      EXPECT_FALSE(IsObfuscated(phones[0])) << c.text << " " << phones[0];
    }
    if (obfuscated_style) {
      EXPECT_TRUE(IsObfuscated(phones[0])) << c.text << " " << phones[0];
    }
  }
}

TEST_F(PhoneTableTest, LookAlikesYieldNoPhone) {
  for (const char* text : LookAlikes()) {
    EXPECT_THAT(Phones(text), ::testing::IsEmpty()) << text;
  }
}

TEST_F(PhoneTableTest, TypesAndRegions) {
  auto one = [this](const char* text) {
    auto phones = Phones(text);
    return phones.size() == 1 ? phones[0] : Phone{};
  };
  Phone m = one("07400 123456");
  EXPECT_EQ(m.type, "mobile");
  EXPECT_EQ(m.region, "GB");
  EXPECT_EQ(m.national, "07400 123456");
  EXPECT_EQ(one("07911 123456").region, "GG");  // +44 7911 is a Guernsey range
  Phone l = one("0113 496 0123");
  EXPECT_EQ(l.type, "landline");
  EXPECT_EQ(l.e164, "+441134960123");
  Phone hu = one("+36 30 123 4567");
  EXPECT_EQ(hu.region, "HU");
  EXPECT_EQ(hu.type, "mobile");
  Phone ro = one("0744 123 456");
  EXPECT_EQ(ro.region, "RO");
  EXPECT_EQ(ro.e164, "+40744123456");
}

}  // namespace
}  // namespace admon::parsers
