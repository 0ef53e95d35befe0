// Copyright 2026 The admon Authors.
#include "dedupe/eval.h"

#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

TEST(EvalTest, BCubedOnHandMadeTruth) {
  auto truth = ParseTruthJsonl(
      "{\"site\":\"s\",\"url\":\"http://127.0.0.1:8080/ad/1\",\"advert_id\":\"1\",\"poster\":\"p1\",\"network\":\"N\",\"kind\":\"trafficking\"}\n"
      "{\"site\":\"s\",\"url\":\"http://127.0.0.1:8080/ad/2\",\"advert_id\":\"2\",\"poster\":\"p2\",\"network\":\"N\",\"kind\":\"trafficking\"}\n"
      "\n"
      "{\"site\":\"s\",\"url\":\"http://127.0.0.1:8080/ad/3/\",\"poster\":\"p3\",\"network\":null,\"kind\":\"independent\"}\n"
      "{\"site\":\"s\",\"url\":\"http://127.0.0.1:8080/ad/4\",\"advert_id\":\"s:4\",\"poster\":\"p4\",\"network\":\"\",\"kind\":\"independent\"}\n"
      "{\"site\":\"s\",\"url\":\"http://127.0.0.1:8080/ad/9\",\"poster\":\"p9\",\"kind\":\"independent\"}\n");
  ASSERT_TRUE(truth.ok()) << truth.status();
  ASSERT_EQ(truth->size(), 5u);
  // Clustering: {1,2,3} together, {4} alone. Advert 3 matched by URL on
  // another port; advert 9 was never crawled.
  std::vector<EvalAdvert> adverts = {{"s:1", "http://127.0.0.1:9999/ad/1", "A"},
                                     {"s:2", "http://127.0.0.1:9999/ad/2", "A"},
                                     {"s:3", "http://127.0.0.1:9999/ad/3", "A"},
                                     {"s:4", "http://127.0.0.1:9999/ad/4", "B"}};
  std::vector<EvalLink> links = {{"s:1", "s:2", LinkType::kPhone, false},
                                 {"s:2", "s:3", LinkType::kPhone, false},
                                 {"s:3", "s:4", LinkType::kPhone, true},
                                 {"s:1", "s:4", LinkType::kText, false}};  // evidence that did not merge
  auto j = Evaluate(*truth, adverts, links);
  EXPECT_EQ(j["matched"], 4);
  EXPECT_EQ(j["unmatched_truth"], 1);
  // Precision: 1,2 -> 2/3 each; 3 -> 1/3; 4 -> 1. Mean = (2/3+2/3+1/3+1)/4 = 2/3.
  EXPECT_NEAR(j["bcubed"]["precision"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(j["bcubed"]["recall"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(j["bcubed"]["f1"].get<double>(), 0.8, 1e-9);
  EXPECT_NEAR(j["by_kind"]["trafficking"]["precision"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(j["by_kind"]["independent"]["precision"].get<double>(), 2.0 / 3.0, 1e-9);
  EXPECT_EQ(j["links"]["phone"]["pairs"], 2);  // hub link ignored
  EXPECT_EQ(j["links"]["phone"]["correct"], 1);
  EXPECT_EQ(j["links"]["text"]["pairs"], 1);
  EXPECT_EQ(j["links"]["text"]["correct"], 0);
  // Inside clusters: the two phone pairs of cluster A; the text pair spans A and B.
  EXPECT_EQ(j["links_in_clusters"]["phone"]["pairs"], 2);
  EXPECT_EQ(j["links_in_clusters"]["text"]["pairs"], 0);
}

TEST(EvalTest, NormalisesUrls) {
  EXPECT_EQ(NormaliseUrl("HTTP://Example.COM:80/a/b/#frag"), "example.com/a/b");
  EXPECT_EQ(UrlPathQuery("http://127.0.0.1:5555/ad?id=3"), "/ad?id=3");
  EXPECT_FALSE(ParseTruthJsonl("{not json}\n").ok());
}

}  // namespace
}  // namespace admon::dedupe
