// The Prometheus registry: values, the text exposition, collectors.
#include "common/metrics/metrics.h"

#include <stdexcept>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Counter, StartsAtZeroAndAddsIncrements) {
  Registry registry;
  CounterFamily& requests =
      registry.Counter("requests_total", "Requests.", {"rpc"});
  EXPECT_EQ(requests.Value({"Get"}), 0);
  requests.Inc({"Get"});
  requests.Inc({"Get"}, 2.5);
  EXPECT_EQ(requests.Value({"Get"}), 3.5);
}

TEST(Counter, LabelValuesAreSeparateSeries) {
  Registry registry;
  CounterFamily& requests =
      registry.Counter("requests_total", "Requests.", {"rpc"});
  requests.Inc({"Get"});
  requests.Inc({"List"}, 4);
  EXPECT_EQ(requests.Value({"Get"}), 1);
  EXPECT_EQ(requests.Value({"List"}), 4);
}

TEST(Gauge, SetReplacesAndAddAccumulates) {
  Registry registry;
  GaugeFamily& backlog = registry.Gauge("backlog", "Backlog.", {});
  backlog.Set({}, 10);
  backlog.Add({}, -3);
  EXPECT_EQ(backlog.Value({}), 7);
  backlog.Set({}, 2);
  EXPECT_EQ(backlog.Value({}), 2);
}

TEST(Histogram, CountsObservations) {
  Registry registry;
  HistogramFamily& latency =
      registry.Histogram("latency_seconds", "Latency.", {"rpc"}, {1, 2});
  EXPECT_EQ(latency.Count({"Get"}), 0u);
  latency.Observe({"Get"}, 0.5);
  latency.Observe({"Get"}, 3);
  EXPECT_EQ(latency.Count({"Get"}), 2u);
  EXPECT_EQ(latency.Count({"List"}), 0u);
}

TEST(Registry, SameNameAndTypeReturnsTheSameFamily) {
  Registry registry;
  CounterFamily& first = registry.Counter("events_total", "Events.", {});
  CounterFamily& second = registry.Counter("events_total", "Events.", {});
  EXPECT_EQ(&first, &second);
}

TEST(Registry, SameNameWithAnotherTypeThrows) {
  Registry registry;
  registry.Counter("events_total", "Events.", {});
  EXPECT_THROW(registry.Gauge("events_total", "Events.", {}), std::logic_error);
  EXPECT_THROW(registry.Histogram("events_total", "Events.", {}),
               std::logic_error);
}

TEST(Render, EmptyRegistryRendersNothing) {
  Registry registry;
  EXPECT_EQ(registry.Render(), "");
}

TEST(Render, CounterHasHelpTypeAndSample) {
  Registry registry;
  registry.Counter("requests_total", "Requests served.", {"rpc", "code"})
      .Inc({"GetJst", "OK"}, 3);
  EXPECT_EQ(registry.Render(),
            "# HELP requests_total Requests served.\n"
            "# TYPE requests_total counter\n"
            "requests_total{rpc=\"GetJst\",code=\"OK\"} 3\n");
}

TEST(Render, GaugeWithoutLabelsHasNoBraces) {
  Registry registry;
  registry.Gauge("outbox_backlog", "Unsent events.", {}).Set({}, 42);
  EXPECT_EQ(registry.Render(),
            "# HELP outbox_backlog Unsent events.\n"
            "# TYPE outbox_backlog gauge\n"
            "outbox_backlog 42\n");
}

TEST(Render, FamilyWithoutSamplesStillHasHelpAndType) {
  Registry registry;
  registry.Counter("errors_total", "Errors.", {"rpc"});
  EXPECT_EQ(registry.Render(),
            "# HELP errors_total Errors.\n"
            "# TYPE errors_total counter\n");
}

TEST(Render, FractionalValueIsExact) {
  Registry registry;
  registry.Gauge("ratio", "Ratio.", {}).Set({}, 0.25);
  EXPECT_THAT(registry.Render(), HasSubstr("\nratio 0.25\n"));
}

TEST(Render, QuoteInLabelValueIsEscaped) {
  Registry registry;
  registry.Counter("c", "C.", {"name"}).Inc({"say \"hi\""});
  EXPECT_THAT(registry.Render(), HasSubstr("c{name=\"say \\\"hi\\\"\"} 1\n"));
}

TEST(Render, BackslashInLabelValueIsEscaped) {
  Registry registry;
  registry.Counter("c", "C.", {"path"}).Inc({"C:\\tmp"});
  EXPECT_THAT(registry.Render(), HasSubstr("c{path=\"C:\\\\tmp\"} 1\n"));
}

TEST(Render, NewlineInLabelValueIsEscaped) {
  Registry registry;
  registry.Counter("c", "C.", {"text"}).Inc({"two\nlines"});
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("c{text=\"two\\nlines\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("two\nlines")));
}

TEST(Render, HistogramHasCumulativeBucketsSumAndCount) {
  Registry registry;
  HistogramFamily& latency =
      registry.Histogram("latency_seconds", "Latency.", {"rpc"}, {0.5, 1, 2.5});
  latency.Observe({"Get"}, 0.25);
  latency.Observe({"Get"}, 0.5);  // on a bound: counted in that bucket
  latency.Observe({"Get"}, 2);
  latency.Observe({"Get"}, 10);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{rpc=\"Get\",le=\"0.5\"} 2\n"
            "latency_seconds_bucket{rpc=\"Get\",le=\"1\"} 2\n"
            "latency_seconds_bucket{rpc=\"Get\",le=\"2.5\"} 3\n"
            "latency_seconds_bucket{rpc=\"Get\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{rpc=\"Get\"} 12.75\n"
            "latency_seconds_count{rpc=\"Get\"} 4\n");
}

TEST(Render, HistogramWithoutLabelsPutsOnlyLeInBraces) {
  Registry registry;
  registry.Histogram("job_seconds", "Job.", {}, {1}).Observe({}, 3);
  EXPECT_EQ(registry.Render(),
            "# HELP job_seconds Job.\n"
            "# TYPE job_seconds histogram\n"
            "job_seconds_bucket{le=\"1\"} 0\n"
            "job_seconds_bucket{le=\"+Inf\"} 1\n"
            "job_seconds_sum 3\n"
            "job_seconds_count 1\n");
}

TEST(Render, DefaultHistogramBucketsAreLatencyBuckets) {
  Registry registry;
  registry.Histogram("rpc_seconds", "RPC.", {}).Observe({}, 0.001);
  std::string text = registry.Render();
  ASSERT_EQ(LatencyBuckets().size(), 13u);
  for (const char* le : {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                         "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
    EXPECT_THAT(text, HasSubstr(std::string("rpc_seconds_bucket{le=\"") + le +
                                "\"} 1\n"));
  }
}

TEST(Render, CollectorsRunBeforeRendering) {
  Registry registry;
  GaugeFamily& backlog = registry.Gauge("backlog", "Backlog.", {});
  int runs = 0;
  registry.AddCollector([&] { backlog.Set({}, ++runs * 10); });
  EXPECT_THAT(registry.Render(), HasSubstr("\nbacklog 10\n"));
  EXPECT_THAT(registry.Render(), HasSubstr("\nbacklog 20\n"));
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace jstedu::metrics
