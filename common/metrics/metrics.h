#pragma once

// A small Prometheus registry (text exposition format 0.0.4).
//
// Families are created once at start-up (Counter/Gauge/Histogram return a
// reference that lives as long as the registry) and then updated from any
// thread. Label values are given in the order of the family's label names.
// Render() produces the /metrics body; collectors registered with
// AddCollector run first so gauges read from outside (outbox backlog,
// consumer lag) are fresh.
//
// Thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace jstedu::metrics {

using Labels = std::vector<std::string>;

class Family {
 public:
  Family(std::string name, std::string help, std::string type,
         std::vector<std::string> label_names);
  virtual ~Family() = default;
  void Render(std::string& out) const;

 protected:
  virtual void RenderSamples(std::string& out) const = 0;
  std::string LabelText(const Labels& values,
                        const std::string& extra = "") const;

  const std::string name_;
  const std::string help_;
  const std::string type_;
  const std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
};

class CounterFamily : public Family {
 public:
  CounterFamily(std::string name, std::string help,
                std::vector<std::string> label_names);
  void Inc(const Labels& labels, double amount = 1);
  // For a total kept outside the registry (the kernel's count of the
  // process's CPU seconds): the caller guarantees it never goes down.
  void Set(const Labels& labels, double total);
  double Value(const Labels& labels) const;

 private:
  void RenderSamples(std::string& out) const override;
  std::map<Labels, double> values_;
};

class GaugeFamily : public Family {
 public:
  GaugeFamily(std::string name, std::string help,
              std::vector<std::string> label_names);
  void Set(const Labels& labels, double value);
  void Add(const Labels& labels, double amount);
  double Value(const Labels& labels) const;

 private:
  void RenderSamples(std::string& out) const override;
  std::map<Labels, double> values_;
};

class HistogramFamily : public Family {
 public:
  // `bounds` are the upper bounds of the buckets, ascending; +Inf is implied.
  HistogramFamily(std::string name, std::string help,
                  std::vector<std::string> label_names,
                  std::vector<double> bounds);
  void Observe(const Labels& labels, double value);
  uint64_t Count(const Labels& labels) const;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // non-cumulative, one per bound + Inf
    double sum = 0;
    uint64_t count = 0;
  };
  void RenderSamples(std::string& out) const override;
  const std::vector<double> bounds_;
  std::map<Labels, Series> series_;
};

// Latency buckets in seconds, 1 ms .. 10 s.
const std::vector<double>& LatencyBuckets();

class Registry {
 public:
  // The process-wide registry served on the admin port.
  static Registry& Default();

  CounterFamily& Counter(const std::string& name, const std::string& help,
                         std::vector<std::string> label_names);
  GaugeFamily& Gauge(const std::string& name, const std::string& help,
                     std::vector<std::string> label_names);
  HistogramFamily& Histogram(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names,
                             std::vector<double> bounds = LatencyBuckets());
  // Runs before every Render(); must be quick and must not throw.
  void AddCollector(std::function<void()> collector);

  std::string Render() const;

 private:
  template <typename T, typename... Args>
  T& GetOrCreate(const std::string& name, Args&&... args);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::vector<std::function<void()>> collectors_;
};

}  // namespace jstedu::metrics
