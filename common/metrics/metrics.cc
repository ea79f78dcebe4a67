#include "common/metrics/metrics.h"

#include <cmath>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jstedu::metrics {
namespace {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// HELP text escapes only backslash and newline (exposition format 0.0.4).
std::string EscapeHelp(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return absl::StrFormat("%.17g", value);
}

}  // namespace

Family::Family(std::string name, std::string help, std::string type,
               std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(std::move(type)),
      label_names_(std::move(label_names)) {}

void Family::Render(std::string& out) const {
  absl::StrAppend(&out, "# HELP ", name_, " ", EscapeHelp(help_), "\n# TYPE ",
                  name_, " ", type_, "\n");
  std::lock_guard<std::mutex> lock(mutex_);
  RenderSamples(out);
}

std::string Family::LabelText(const Labels& values,
                              const std::string& extra) const {
  std::string text;
  for (size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
    absl::StrAppend(&text, text.empty() ? "" : ",", label_names_[i], "=\"",
                    EscapeLabelValue(values[i]), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&text, text.empty() ? "" : ",", extra);
  return text.empty() ? "" : absl::StrCat("{", text, "}");
}

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), "counter",
             std::move(label_names)) {}

void CounterFamily::Inc(const Labels& labels, double amount) {
  std::lock_guard<std::mutex> lock(mutex_);
  values_[labels] += amount;
}

void CounterFamily::Set(const Labels& labels, double total) {
  std::lock_guard<std::mutex> lock(mutex_);
  values_[labels] = total;
}

double CounterFamily::Value(const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void CounterFamily::RenderSamples(std::string& out) const {
  for (const auto& [labels, value] : values_) {
    absl::StrAppend(&out, name_, LabelText(labels), " ", FormatValue(value),
                    "\n");
  }
}

GaugeFamily::GaugeFamily(std::string name, std::string help,
                         std::vector<std::string> label_names)
    : Family(std::move(name), std::move(help), "gauge",
             std::move(label_names)) {}

void GaugeFamily::Set(const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  values_[labels] = value;
}

void GaugeFamily::Add(const Labels& labels, double amount) {
  std::lock_guard<std::mutex> lock(mutex_);
  values_[labels] += amount;
}

double GaugeFamily::Value(const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

void GaugeFamily::RenderSamples(std::string& out) const {
  for (const auto& [labels, value] : values_) {
    absl::StrAppend(&out, name_, LabelText(labels), " ", FormatValue(value),
                    "\n");
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> bounds)
    : Family(std::move(name), std::move(help), "histogram",
             std::move(label_names)),
      bounds_(std::move(bounds)) {}

void HistogramFamily::Observe(const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  Series& series = series_[labels];
  if (series.buckets.empty()) series.buckets.assign(bounds_.size() + 1, 0);
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  ++series.buckets[bucket];
  series.sum += value;
  ++series.count;
}

uint64_t HistogramFamily::Count(const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

void HistogramFamily::RenderSamples(std::string& out) const {
  for (const auto& [labels, series] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += series.buckets[i];
      std::string le =
          i < bounds_.size() ? absl::StrCat(bounds_[i]) : std::string("+Inf");
      absl::StrAppend(&out, name_, "_bucket",
                      LabelText(labels, absl::StrCat("le=\"", le, "\"")), " ",
                      cumulative, "\n");
    }
    absl::StrAppend(&out, name_, "_sum", LabelText(labels), " ",
                    FormatValue(series.sum), "\n", name_, "_count",
                    LabelText(labels), " ", series.count, "\n");
  }
}

const std::vector<double>& LatencyBuckets() {
  static const auto* const kBuckets = new std::vector<double>{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *kBuckets;
}

Registry& Registry::Default() {
  static auto* const registry = new Registry;
  return *registry;
}

template <typename T, typename... Args>
T& Registry::GetOrCreate(const std::string& name, Args&&... args) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    auto* family = dynamic_cast<T*>(it->second.get());
    if (family == nullptr) {
      throw std::logic_error("metric registered twice with another type: " +
                             name);
    }
    return *family;
  }
  auto family = std::make_unique<T>(name, std::forward<Args>(args)...);
  T& ref = *family;
  families_.emplace(name, std::move(family));
  return ref;
}

CounterFamily& Registry::Counter(const std::string& name,
                                 const std::string& help,
                                 std::vector<std::string> label_names) {
  return GetOrCreate<CounterFamily>(name, help, std::move(label_names));
}

GaugeFamily& Registry::Gauge(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names) {
  return GetOrCreate<GaugeFamily>(name, help, std::move(label_names));
}

HistogramFamily& Registry::Histogram(const std::string& name,
                                     const std::string& help,
                                     std::vector<std::string> label_names,
                                     std::vector<double> bounds) {
  return GetOrCreate<HistogramFamily>(name, help, std::move(label_names),
                                      std::move(bounds));
}

void Registry::AddCollector(std::function<void()> collector) {
  std::lock_guard<std::mutex> lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::Render() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    collectors = collectors_;
  }
  for (const auto& collect : collectors) collect();
  std::string out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [name, family] : families_) family->Render(out);
  return out;
}

}  // namespace jstedu::metrics
