#include "gateway/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace jstedu::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr uint32_t kHeaderLimit = 16 << 10;

bool IsLoopback(const std::string& host) {
  if (absl::AsciiStrToLower(host) == "localhost") return true;
  boost::system::error_code error;
  const net::ip::address address = net::ip::make_address(host, error);
  return !error && address.is_loopback();
}

bool IsIpLiteral(const std::string& host) {
  boost::system::error_code error;
  net::ip::make_address(host, error);
  return !error;
}

// RFC 9110 §7.2: the host (bracketed when IPv6) and the port unless it is
// the scheme's default.
std::string HostField(const FetchUrl& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  std::string field = v6 ? absl::StrCat("[", url.host, "]") : url.host;
  if (url.port != (url.tls ? "443" : "80"))
    absl::StrAppend(&field, ":", url.port);
  return field;
}

// Plain TCP has no handshake.
template <class Handler>
void Handshake(beast::tcp_stream&, Handler&& handler) {
  handler(beast::error_code());
}

template <class Handler>
void Handshake(beast::ssl_stream<beast::tcp_stream>& stream,
               Handler&& handler) {
  stream.async_handshake(ssl::stream_base::client,
                         std::forward<Handler>(handler));
}

// Resolve, connect, handshake, write and read on `stream`, all within
// options.timeout: the body of a 200 answer or Unavailable saying which
// step failed. A name lookup cannot be interrupted (getaddrinfo): one that
// outlasts the deadline ends the exchange when it returns, bounded by the
// resolver's own settings (resolv.conf); every later step runs under the
// stream's expiry, set to the same deadline, and stops once it has passed.
template <class Stream>
absl::StatusOr<std::string> Exchange(net::io_context& io, Stream& stream,
                                     const FetchUrl& url,
                                     const HttpClientOptions& options) {
  tcp::resolver resolver(io);
  net::steady_timer deadline(io, options.timeout);
  bool timed_out = false;
  deadline.async_wait([&](beast::error_code waited) {
    if (waited) return;  // cancelled: the exchange ended first
    timed_out = true;
    resolver.cancel();
    beast::get_lowest_layer(stream).close();
  });

  http::request<http::empty_body> request{http::verb::get, url.target, 11};
  request.set(http::field::host, HostField(url));
  request.set(http::field::user_agent, "jstedu-gateway");
  request.set(http::field::accept, "application/json");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(options.max_body);

  std::string failure;
  auto fail = [&](const char* step, const beast::error_code& error) {
    failure = absl::StrCat(step, ": ", error.message());
    deadline.cancel();
  };
  // The head alone first: in Boost 1.74 an eager read (http::async_read)
  // goes on parsing the body after a Content-Length above the body limit
  // and forgets the error; reading the head without eagerness keeps it.
  const auto read_response = [&] {
    http::async_read_header(
        stream, buffer, parser, [&](beast::error_code head, size_t) {
          if (timed_out) return;
          if (head) return fail("read", head);
          http::async_read(stream, buffer, parser,
                           [&](beast::error_code body, size_t) {
                             if (timed_out) return;
                             if (body) return fail("read", body);
                             deadline.cancel();
                           });
        });
  };
  resolver.async_resolve(
      url.host, url.port,
      [&](beast::error_code resolved, tcp::resolver::results_type endpoints) {
        if (timed_out) return;  // a lookup that outlasted the deadline
        if (resolved) return fail("resolve", resolved);
        beast::get_lowest_layer(stream).expires_at(deadline.expiry());
        beast::get_lowest_layer(stream).async_connect(
            endpoints, [&](beast::error_code connected, const tcp::endpoint&) {
              if (timed_out) return;
              if (connected) return fail("connect", connected);
              Handshake(stream, [&](beast::error_code shaken) {
                if (timed_out) return;
                if (shaken) return fail("TLS handshake", shaken);
                http::async_write(stream, request,
                                  [&](beast::error_code written, size_t) {
                                    if (timed_out) return;
                                    if (written) return fail("write", written);
                                    read_response();
                                  });
              });
            });
      });
  io.run();

  if (timed_out) {
    return absl::UnavailableError(
        absl::StrCat("no answer within ", options.timeout.count(), " ms"));
  }
  if (!failure.empty()) return absl::UnavailableError(failure);
  const auto& response = parser.get();
  if (response.result() != http::status::ok) {
    return absl::UnavailableError(
        absl::StrCat("answered HTTP ", response.result_int()));
  }
  return response.body();
}

}  // namespace

absl::StatusOr<FetchUrl> ParseFetchUrl(std::string_view url) {
  FetchUrl parsed;
  std::string_view rest;
  const std::string_view scheme = url.substr(0, 8);
  const std::string lower =
      absl::AsciiStrToLower(absl::string_view(scheme.data(), scheme.size()));
  if (lower.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (lower.rfind("http://", 0) == 0) {
    parsed.tls = false;
    rest = url.substr(7);
  } else {
    return absl::InvalidArgumentError("the URL is not https:// (or http://)");
  }
  if (rest.find('#') != std::string_view::npos) {
    return absl::InvalidArgumentError("the URL has a fragment (#)");
  }
  // The target goes into the request line as it is: no space or control
  // character may split it into another header.
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          "the URL holds a space or a control character");
    }
  }
  const size_t path_start = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, path_start);
  parsed.target = path_start == std::string_view::npos
                      ? "/"
                      : std::string(rest.substr(path_start));
  if (parsed.target.front() == '?') parsed.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    return absl::InvalidArgumentError("the URL has user information (@)");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError("the URL's IPv6 host has no ]");
    }
    parsed.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return absl::InvalidArgumentError("the URL's host is not host[:port]");
    }
    if (!after.empty()) port = after.substr(1);
  } else {
    const size_t colon = authority.find(':');
    parsed.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (parsed.host.empty()) {
    return absl::InvalidArgumentError("the URL has no host");
  }
  uint32_t number = 0;
  if (!port.empty() &&
      (!absl::SimpleAtoi(absl::string_view(port.data(), port.size()),
                         &number) ||
       number == 0 || number > 65535)) {
    return absl::InvalidArgumentError("the URL's port is not 1..65535");
  }
  parsed.port =
      port.empty() ? (parsed.tls ? "443" : "80") : std::to_string(number);
  if (!parsed.tls && !IsLoopback(parsed.host)) {
    return absl::InvalidArgumentError(
        "plain http:// is allowed only to a loopback host (localhost, "
        "127.0.0.1, [::1]); use https://");
  }
  return parsed;
}

absl::StatusOr<std::string> HttpGet(std::string_view url,
                                    const HttpClientOptions& options) {
  auto parsed = ParseFetchUrl(url);
  if (!parsed.ok()) return parsed.status();
  net::io_context io;
  if (!parsed->tls) {
    beast::tcp_stream stream(io);
    return Exchange(io, stream, *parsed, options);
  }
  ssl::context context(ssl::context::tls_client);
  context.set_options(ssl::context::default_workarounds |
                      ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code error;
  context.set_default_verify_paths(error);
  if (!error && !options.ca_file.empty()) {
    context.load_verify_file(options.ca_file, error);
  }
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot load the trusted CA certificates: ", error.message()));
  }
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  stream.set_verify_callback(ssl::host_name_verification(parsed->host));
  // SNI names a host, never an address (RFC 6066 §3).
  if (!IsIpLiteral(parsed->host) &&
      SSL_set_tlsext_host_name(stream.native_handle(), parsed->host.c_str()) !=
          1) {
    return absl::InternalError("cannot set the TLS server name");
  }
  return Exchange(io, stream, *parsed, options);
}

}  // namespace jstedu::gateway
