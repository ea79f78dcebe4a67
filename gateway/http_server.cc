#include "gateway/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <future>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/http/admin_server.h"
#include "common/log/log.h"

namespace jstedu::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string ToString(beast::string_view text) {
  return std::string(text.data(), text.size());
}

// What was read of a request: its method, target and first `fields` header
// fields (a chunked body's trailer fields come after the head's and are
// never headers; RFC 9110 §6.5.1).
HttpRequest RequestHead(const http::request<http::string_body>& message,
                        size_t fields = std::numeric_limits<size_t>::max()) {
  HttpRequest request;
  request.method = ToString(message.method_string());
  request.target = ToString(message.target());
  for (const auto& field : message) {
    if (fields-- == 0) break;
    const beast::string_view name = field.name_string();
    request.headers.emplace_back(
        absl::AsciiStrToLower(absl::string_view(name.data(), name.size())),
        ToString(field.value()));
  }
  return request;
}

absl::string_view View(beast::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// RFC 3986 reg-name, IPv4 address or IP-literal, then an optional ":port"
// (RFC 9110 §7.2: Host = uri-host [ ":" port ]).
bool IsHostValue(absl::string_view value) {
  static constexpr absl::string_view kRegName =
      "-._~!$&'()*+,;=%";  // besides letters and digits
  absl::string_view host = value;
  absl::string_view port;
  bool literal = false;
  if (absl::StartsWith(value, "[")) {
    const size_t close = value.find(']');
    if (close == absl::string_view::npos) return false;
    host = value.substr(1, close - 1);
    const absl::string_view rest = value.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
    literal = true;
  } else if (const size_t colon = value.find(':');
             colon != absl::string_view::npos) {
    host = value.substr(0, colon);
    port = value.substr(colon + 1);
  }
  const auto host_character = [literal](char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (literal) return absl::ascii_isxdigit(byte) || c == ':' || c == '.';
    return absl::ascii_isalnum(byte) ||
           kRegName.find(c) != absl::string_view::npos;
  };
  return std::all_of(host.begin(), host.end(), host_character) &&
         std::all_of(port.begin(), port.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

// RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host, any request at
// most one, and its value must be host[:port].
std::string HostProblem(const http::request_header<>& head) {
  const auto [first, last] = head.equal_range(http::field::host);
  const auto count = std::distance(first, last);
  if (count == 0 && head.version() >= 11) {
    return "an HTTP/1.1 request needs a Host header";
  }
  if (count > 1) return "more than one Host header";
  if (count == 1 && !IsHostValue(View(first->value()))) {
    return "the Host header is not host[:port]";
  }
  return "";
}

// RFC 9112 §6.1, §6.3: a body's length is either Content-Length or
// `Transfer-Encoding: chunked`. Anything else — a coding list not ending in
// chunked (`identity`, `xchunked`, `chunked, identity`), other codings
// before it (`gzip, chunked`, which the gateway does not decode), chunked
// twice, Transfer-Encoding with Content-Length or in HTTP/1.0 — would leave
// the body's end in doubt (Beast then reads no body, and what follows the
// head would be taken for the next request). `chunked` is what Beast
// decided from the same fields.
std::string TransferEncodingProblem(const http::request_header<>& head,
                                    bool chunked) {
  const auto [first, last] = head.equal_range(http::field::transfer_encoding);
  if (first == last) return "";
  if (head.version() < 11) {
    return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
  }
  if (head.count(http::field::content_length) > 0) {
    return "Transfer-Encoding and Content-Length together";
  }
  std::vector<absl::string_view> codings;
  for (auto field = first; field != last; ++field) {
    for (absl::string_view coding : absl::StrSplit(View(field->value()), ',')) {
      coding = absl::StripAsciiWhitespace(coding);
      if (!coding.empty()) codings.push_back(coding);
    }
  }
  if (codings.size() != 1 || !absl::EqualsIgnoreCase(codings[0], "chunked") ||
      !chunked) {
    return "the only transfer coding accepted is chunked "
           "(Transfer-Encoding: chunked)";
  }
  return "";
}

// Why a request with this head cannot be read safely, "" when it can.
std::string FramingProblem(
    const http::request_parser<http::string_body>& parser) {
  std::string problem = HostProblem(parser.get());
  if (problem.empty()) {
    problem = TransferEncodingProblem(parser.get(), parser.chunked());
  }
  return problem;
}

// Parse errors the client caused (as opposed to the connection ending).
bool IsMalformed(const beast::error_code& ec) {
  return ec.category() ==
             beast::error_code(http::error::bad_method).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

class Session;

// What the read buffer holds beyond a header section (Beast reads up to
// 64 KiB at a time).
constexpr std::size_t kReadAhead = 64 * 1024;

// Hands Dispatcher completions (from any thread) to their sessions' strands
// until the server has stopped; after Close() they are dropped.
class Gate {
 public:
  void Deliver(const std::weak_ptr<Session>& session, HttpResponse response);
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
  }

 private:
  std::mutex mutex_;
  bool open_ = true;
};

// The listener, the I/O threads and the registry of open connections.
class ServerCore {
 public:
  ServerCore(HttpServerOptions options, Dispatcher& dispatcher)
      : options_(std::move(options)),
        dispatcher_(dispatcher),
        ioc_(options_.threads),
        work_(net::make_work_guard(ioc_)),
        acceptor_(net::make_strand(ioc_)),
        accept_retry_(acceptor_.get_executor()) {}

  absl::StatusOr<int> Start();
  void Shutdown(std::chrono::milliseconds grace);

  const HttpServerOptions& options() const { return options_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  const std::shared_ptr<Gate>& gate() const { return gate_; }
  bool draining() const { return draining_.load(); }
  // A session is done with its connection.
  void Remove(const Session* session);

 private:
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void RunThread();

  const HttpServerOptions options_;
  Dispatcher& dispatcher_;
  const std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  net::io_context ioc_;
  // Keeps the I/O threads running while sessions wait for upstreams with no
  // socket operation pending (during shutdown, not even an accept).
  net::executor_work_guard<net::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_;
  std::vector<std::thread> threads_;
  bool running_ = false;
  std::atomic<bool> draining_{false};

  std::mutex mutex_;
  std::condition_variable all_closed_;
  // Owns the sessions: one waiting for its upstream has no pending I/O.
  std::unordered_map<const Session*, std::shared_ptr<Session>> sessions_;
};

// One connection: read a request, dispatch, write the response, repeat.
// Every member runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerCore& server)
      : stream_(std::move(socket)),
        server_(server),
        // Room for a header section and read-ahead. Bodies are moved out of
        // the buffer as they are parsed, so only a line that never ends (a
        // chunk size, chunk extension or trailer) could fill it: that is
        // refused (buffer_overflow, 400) instead of buffered without bound.
        buffer_(server.options().header_limit + kReadAhead) {}

  void Start() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

  // Closes the connection now when no request is under way.
  void Drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kIdle || self->state_ == State::kLingering) {
        self->Close();
      }
    });
  }

  // The Dispatcher's response, on the strand.
  void Respond(HttpResponse response) {
    if (state_ != State::kClosed) Write(std::move(response), false);
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class State {
    kIdle,       // waiting for (the rest of) a request header
    kBusy,       // reading a body, waiting for the upstream, writing
    kLingering,  // refused a request; discarding input before closing
    kClosed,
  };

  void ReadHeader() {
    if (server_.draining()) {
      Close();
      return;
    }
    state_ = State::kIdle;
    parser_.emplace();
    const auto& options = server_.options();
    parser_->header_limit(options.header_limit);
    // The largest limit until the head says which one applies (OnHeader).
    parser_->body_limit(std::max(options.body_limit, options.large_body_limit));
    stream_.expires_after(server_.options().idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (state_ == State::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    state_ = State::kBusy;
    head_fields_ = static_cast<size_t>(
        std::distance(parser_->get().begin(), parser_->get().end()));
    // Refused before any body is read; the refusal closes the connection,
    // so no byte after this head is ever parsed as a request.
    if (const std::string problem = FramingProblem(*parser_);
        !problem.empty()) {
      Refuse(400, grpc::StatusCode::INVALID_ARGUMENT, problem);
      return;
    }
    const uint64_t limit = BodyLimit();
    if (parser_->content_length().value_or(0) > limit) {
      RefuseTooLarge(limit);
      return;
    }
    parser_->body_limit(limit);  // what is left for a chunked body
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      SendContinue();
      return;
    }
    ReadBody();
  }

  void SendContinue() {
    auto reply = std::make_shared<http::response<http::empty_body>>(
        http::status::continue_, parser_->get().version());
    stream_.expires_after(server_.options().idle_timeout);
    http::async_write(
        stream_, *reply,
        [self = shared_from_this(), reply](beast::error_code ec, std::size_t) {
          if (self->state_ == State::kClosed) return;
          if (ec) {
            self->Close();
            return;
          }
          self->ReadBody();
        });
  }

  void ReadBody() {
    if (parser_->is_done()) {
      Dispatch();
      return;
    }
    stream_.expires_after(server_.options().idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (state_ == State::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    Dispatch();
  }

  void OnReadError(const beast::error_code& ec) {
    const auto& options = server_.options();
    if (ec == http::error::header_limit) {
      Refuse(431, grpc::StatusCode::RESOURCE_EXHAUSTED,
             absl::StrCat("request header is larger than ",
                          options.header_limit, " bytes"));
    } else if (ec == http::error::body_limit) {
      RefuseTooLarge(BodyLimit());
    } else if (IsMalformed(ec)) {
      Refuse(400, grpc::StatusCode::INVALID_ARGUMENT, "malformed HTTP request");
    } else {
      Close();  // end of stream, timeout, reset, shutdown
    }
  }

  void Dispatch() {
    http::request<http::string_body> message = parser_->release();
    version_ = message.version();
    head_request_ = message.method() == http::verb::head;
    keep_alive_ = message.keep_alive();
    HttpRequest request = RequestHead(message, head_fields_);
    request.body = std::move(message.body());
    stream_.expires_never();  // the upstream deadline bounds the wait
    server_.dispatcher().Handle(std::move(request),
                                [session = weak_from_this(),
                                 gate = server_.gate()](HttpResponse response) {
                                  gate->Deliver(session, std::move(response));
                                });
  }

  // The body limit of the request whose head was read.
  uint64_t BodyLimit() const {
    const auto& options = server_.options();
    const auto& head = parser_->get();
    return server_.dispatcher().TakesLargeBody(ToString(head.method_string()),
                                               ToString(head.target()))
               ? std::max(options.body_limit, options.large_body_limit)
               : options.body_limit;
  }

  void RefuseTooLarge(uint64_t limit) {
    Refuse(413, grpc::StatusCode::RESOURCE_EXHAUSTED,
           absl::StrCat("request body is larger than ", limit, " bytes"));
  }

  // Answers a request that was not read whole, then lingers and closes.
  void Refuse(int status, grpc::StatusCode code, const std::string& message) {
    state_ = State::kBusy;
    const auto& head = parser_->get();
    version_ = head.version() >= 10 ? head.version() : 11;
    head_request_ = head.method() == http::verb::head;
    Write(server_.dispatcher().Reject(RequestHead(head), status, code, message),
          true);
  }

  void Write(HttpResponse response, bool refusal) {
    const bool close = refusal || !keep_alive_ || server_.draining();
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(response.status));
    if (response.status == 499) response_.reason("Client Closed Request");
    // A 204 (a CORS preflight) has no content: no Content-Type, and no
    // Content-Length (RFC 9110 §8.6).
    const bool no_content = response.status == 204;
    if (!no_content) {
      response_.set(http::field::content_type,
                    "application/json; charset=utf-8");
    }
    for (const auto& [name, value] : response.headers) {
      const http::field field = http::string_to_field(name);
      if (field == http::field::unknown) {
        response_.set(name, value);
      } else {
        response_.set(field, value);  // canonical spelling, e.g. "Allow"
      }
    }
    response_.body() = std::move(response.body);
    response_.keep_alive(!close);
    if (!no_content) response_.prepare_payload();
    // A response to HEAD has the headers a GET would get, Content-Length
    // included, but no content (RFC 9110 §9.3.2).
    if (head_request_) response_.body().clear();
    stream_.expires_after(server_.options().idle_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), close, refusal](
                          beast::error_code ec, std::size_t) {
                        self->OnWrite(ec, close, refusal);
                      });
  }

  void OnWrite(beast::error_code ec, bool close, bool refusal) {
    if (state_ == State::kClosed) return;
    if (ec) {
      Close();
    } else if (refusal) {
      Linger();
    } else if (close) {
      Close();
    } else {
      ReadHeader();
    }
  }

  // Unread request bytes in the socket would make close() send a reset,
  // which can destroy the refusal before the client reads it.
  void Linger() {
    state_ = State::kLingering;
    if (server_.draining()) {
      Close();
      return;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(server_.options().linger);
    Discard();
  }

  void Discard() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(
        buffer_.prepare(16 * 1024),
        [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (self->state_ == State::kClosed) return;
          if (ec) {
            self->Close();
            return;
          }
          self->Discard();
        });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    server_.Remove(this);
  }

  beast::tcp_stream stream_;
  ServerCore& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  State state_ = State::kIdle;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  // Header fields of the request head (OnHeader); fields after them are a
  // chunked body's trailer, discarded.
  size_t head_fields_ = 0;
  bool head_request_ = false;
};

void Gate::Deliver(const std::weak_ptr<Session>& session,
                   HttpResponse response) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!open_) return;
  std::shared_ptr<Session> target = session.lock();
  if (target == nullptr) return;
  net::post(target->executor(),
            [target, response = std::move(response)]() mutable {
              target->Respond(std::move(response));
            });
}

absl::StatusOr<int> ServerCore::Start() {
  std::string host;
  int port = 0;
  if (auto status = jstedu::http::SplitHostPort(options_.listen, &host, &port);
      !status.ok()) {
    return status;
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("HTTP listen host must be an IP address: ", host));
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen, ": ", ec.message()));
  }
  const int bound_port = acceptor_.local_endpoint().port();
  running_ = true;
  Accept();
  for (int i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] { RunThread(); });
  }
  return bound_port;
}

void ServerCore::RunThread() {
  while (true) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      log::Error("http_thread_error", {{"error", e.what()}});
    }
  }
}

void ServerCore::Accept() {
  acceptor_.async_accept(
      net::make_strand(ioc_),
      beast::bind_front_handler(&ServerCore::OnAccept, this));
}

void ServerCore::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Typically out of file descriptors: back off instead of spinning.
    log::Warn("http_accept_failed", {{"error", ec.message()}});
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
    return;
  }
  if (draining_) return;  // the socket closes as it goes out of scope
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto session = std::make_shared<Session>(std::move(socket), *this);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.emplace(session.get(), session);
  }
  session->Start();
  Accept();
}

void ServerCore::Remove(const Session* session) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(session);
  if (sessions_.empty()) all_closed_.notify_all();
}

void ServerCore::Shutdown(std::chrono::milliseconds grace) {
  if (!running_) return;
  running_ = false;
  draining_ = true;
  std::promise<void> closed;
  net::post(acceptor_.get_executor(), [this, &closed] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    closed.set_value();
  });
  closed.get_future().wait();

  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& entry : sessions_) open.push_back(entry.second);
  }
  for (const auto& session : open) session->Drain();
  open.clear();
  size_t dropped = 0;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    all_closed_.wait_for(lock, grace, [this] { return sessions_.empty(); });
    dropped = sessions_.size();
  }
  gate_->Close();
  ioc_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  decltype(sessions_) left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    left.swap(sessions_);
  }
  if (dropped > 0) {
    log::Warn("http_connections_dropped", {{"connections", dropped}});
  }
}

}  // namespace

class HttpServer::Impl : public ServerCore {
 public:
  using ServerCore::ServerCore;
};

HttpServer::HttpServer(HttpServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

HttpServer::~HttpServer() { impl_->Shutdown(std::chrono::milliseconds(0)); }

absl::StatusOr<int> HttpServer::Start() { return impl_->Start(); }

void HttpServer::Shutdown(std::chrono::milliseconds grace) {
  impl_->Shutdown(grace);
}

}  // namespace jstedu::gateway
