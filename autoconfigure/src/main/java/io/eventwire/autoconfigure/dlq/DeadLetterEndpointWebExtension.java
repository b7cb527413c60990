package io.eventwire.autoconfigure.dlq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetterConflictException;
import io.eventwire.dlq.DeadLetterNotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.HttpStatus;

/**
 * The {@code eventwireDlq} endpoint over HTTP: what cannot be done answers with its status and the
 * reason in the body ({@code status}, {@code error}, {@code message}) instead of a bare 500: 404 for
 * a dead letter this service does not have, 409 for one that cannot be replayed or discarded yet,
 * 400 for a write that names no dead letter.
 */
@EndpointWebExtension(endpoint = DeadLetterEndpoint.class)
public class DeadLetterEndpointWebExtension {

	private final DeadLetterEndpoint endpoint;

	/**
	 * @param endpoint the endpoint this extends
	 */
	public DeadLetterEndpointWebExtension(DeadLetterEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * @param originalTopic only dead letters of events from this topic
	 * @param type only dead letters of this event type
	 * @param exceptionClass only dead letters of this (simple) exception class
	 * @param key only dead letters of this key
	 * @param page the page, from 0
	 * @param size the page size
	 * @return the summary and the page, or why not (a page size out of range)
	 */
	@ReadOperation
	public WebEndpointResponse<Object> deadLetters(@Nullable String originalTopic, @Nullable String type,
			@Nullable String exceptionClass, @Nullable String key, @Nullable Integer page, @Nullable Integer size) {
		return answer(() -> this.endpoint.deadLetters(originalTopic, type, exceptionClass, key, page, size));
	}

	/**
	 * @param eventId the dead letter to replay
	 * @param replayAll {@code true} to replay every pending dead letter
	 * @param dryRun {@code true} to only show what replaying {@code eventId} would publish
	 * @param payload a corrected payload (JSON) to replay {@code eventId} with
	 * @return what was replayed, or the reason why nothing was
	 */
	@WriteOperation
	public WebEndpointResponse<Object> replay(@Nullable String eventId, @Nullable Boolean replayAll,
			@Nullable Boolean dryRun, @Nullable Object payload) {
		return answer(() -> this.endpoint.replay(eventId, replayAll, dryRun, payload));
	}

	/**
	 * @param eventId the dead letter to discard
	 * @return the discarded dead letter, or the reason why it was not
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> discard(@Selector String eventId) {
		return answer(() -> this.endpoint.discard(eventId));
	}

	private static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (DeadLetterNotFoundException ex) {
			return refused(HttpStatus.NOT_FOUND, ex);
		}
		catch (DeadLetterConflictException ex) {
			return refused(HttpStatus.CONFLICT, ex);
		}
		catch (IllegalArgumentException ex) {
			return refused(HttpStatus.BAD_REQUEST, ex);
		}
	}

	private static WebEndpointResponse<Object> refused(HttpStatus status, RuntimeException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", status.getReasonPhrase());
		body.put("message", ex.getMessage());
		return new WebEndpointResponse<>(body, status.value());
	}

}
