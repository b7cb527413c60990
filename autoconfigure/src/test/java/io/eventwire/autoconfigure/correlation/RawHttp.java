package io.eventwire.autoconfigure.correlation;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.net.ssl.SSLSession;

/**
 * Sends an HTTP/1.1 request with a header value that well-behaved clients refuse to send (CR/LF in
 * it), as an attacker would.
 */
final class RawHttp {

	private RawHttp() {
	}

	static HttpResponse<String> post(int port, String path, String header, String value) throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + header + ": " + value
					+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			int status = Integer.parseInt(in.readLine().split(" ")[1]);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				int colon = line.indexOf(':');
				headers.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
			StringBuilder body = new StringBuilder();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				body.append(line);
			}
			return new Response(status, HttpHeaders.of(headers, (name, v) -> true), body.toString());
		}
	}

	private record Response(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

		@Override
		public HttpRequest request() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			throw new UnsupportedOperationException();
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

}
