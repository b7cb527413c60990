package io.eventwire.autoconfigure.console;

import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

import io.eventwire.dlq.DeadLetterQuery;
import io.eventwire.outbox.OutboxEventNotFoundException;
import io.eventwire.rewind.RewindFailedException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * The operator's console, the {@code eventwireConsole} web endpoint: the page
 * ({@code GET /actuator/eventwireConsole}), its script and style, the JSON it reads
 * ({@code GET /actuator/eventwireConsole/{view}}) and its actions
 * ({@code POST /actuator/eventwireConsole/{action}}).
 * <p>
 * Read-only unless {@code management.endpoint.eventwireConsole.access=unrestricted}: without that,
 * Spring Boot maps no write operation (a POST is refused) and the page shows no action. Served
 * only with {@code eventwire.console.enabled=true}.
 */
@WebEndpoint(id = "eventwireConsole", defaultAccess = Access.READ_ONLY)
public class EventwireConsoleEndpoint {

	private static final MimeType HTML = MimeType.valueOf("text/html;charset=UTF-8");

	private final ConsoleReads reads;

	private final ConsoleActions actions;

	private final ConsoleAssets assets;

	private final BooleanSupplier writable;

	EventwireConsoleEndpoint(ConsoleReads reads, ConsoleActions actions, ConsoleAssets assets, BooleanSupplier writable) {
		this.reads = reads;
		this.actions = actions;
		this.assets = assets;
		this.writable = writable;
	}

	/**
	 * @return the console's page
	 */
	@ReadOperation(produces = "text/html")
	public WebEndpointResponse<String> page() {
		return new WebEndpointResponse<>(this.assets.page(), HTML);
	}

	/**
	 * @param view {@code overview}, {@code deadLetters}, {@code deadLetter}, {@code parkedKeys},
	 * {@code consumers} or {@code outbox}; or the page's {@code console.js} or {@code console.css}
	 * @param originalTopic dead letters: only of this topic
	 * @param type dead letters: only of this event type
	 * @param exceptionClass dead letters: only of this exception class
	 * @param key dead letters: only of this key
	 * @param text dead letters: only those whose exception contains this text
	 * @param page dead letters: the page, from 0
	 * @param eventId for {@code deadLetter}: which one
	 * @return the view
	 */
	@ReadOperation(produces = { "application/json", "text/javascript", "text/css" })
	public WebEndpointResponse<Object> read(@Selector String view, @Nullable String originalTopic,
			@Nullable String type, @Nullable String exceptionClass, @Nullable String key, @Nullable String text,
			@Nullable Integer page, @Nullable String eventId) {
		ConsoleAssets.Asset asset = this.assets.asset(view);
		if (asset != null) {
			return new WebEndpointResponse<>(asset.content(), WebEndpointResponse.STATUS_OK, asset.type());
		}
		return answer(() -> switch (view) {
			case "overview" -> this.reads.overview(this.writable.getAsBoolean());
			case "deadLetters" -> this.reads.deadLetters().list(new DeadLetterQuery(blankless(originalTopic),
					blankless(type), blankless(exceptionClass), blankless(key), blankless(text),
					(page != null) ? page : 0, 25));
			case "deadLetter" -> this.reads.deadLetters().detail(required(eventId, "eventId"));
			case "parkedKeys" -> this.reads.deadLetters().parkedKeys();
			case "consumers" -> this.reads.consumers().list();
			case "outbox" -> this.reads.outbox();
			default -> throw new NoSuchElementException("The console has no view '" + view + "'");
		});
	}

	/**
	 * @param action {@code replay} (eventId, dryRun, payload), {@code replayAll} (expected: the count
	 * confirmed), {@code discard} (eventId, reason), {@code pause}, {@code resume} or {@code rewind}
	 * (groupId; from for a rewind), {@code retryOutbox} (id) or {@code discardOutbox} (id, reason)
	 * @param eventId the dead letter
	 * @param dryRun only show what a replay would publish
	 * @param payload a corrected payload, as JSON text
	 * @param reason why a dead letter or an outbox event is discarded
	 * @param groupId the consumer group
	 * @param from the time a rewind goes back to (ISO-8601); the beginning when absent
	 * @param id the outbox event
	 * @param expected the number of dead letters the operator confirmed replaying
	 * @param who the authenticated principal, for the audit log
	 * @return what was done, or why not
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String action, @Nullable String eventId, @Nullable Boolean dryRun,
			@Nullable String payload, @Nullable String reason, @Nullable String groupId, @Nullable String from,
			@Nullable String id, @Nullable Long expected, SecurityContext who) {
		return answer(() -> switch (action) {
			case "replay" -> this.actions.replay(required(eventId, "eventId"), Boolean.TRUE.equals(dryRun),
					blankless(payload), who);
			case "replayAll" -> this.actions.replayAll(required(expected, "expected"), who);
			case "discard" -> this.actions.discard(required(eventId, "eventId"), required(reason, "reason"), who);
			case "pause", "resume", "rewind" -> this.actions.change(action, required(groupId, "groupId"), from, who);
			case "retryOutbox" -> this.actions.retryOutbox(required(id, "id"), who);
			case "discardOutbox" -> this.actions.discardOutbox(required(id, "id"), required(reason, "reason"), who);
			default -> throw new IllegalArgumentException("The console has no action '" + action + "'");
		});
	}

	private static WebEndpointResponse<Object> answer(java.util.function.Supplier<Object> view) {
		try {
			return new WebEndpointResponse<>(view.get(), WebEndpointResponse.STATUS_OK, MimeTypeUtils.APPLICATION_JSON);
		}
		catch (OutboxEventNotFoundException | NoSuchElementException ex) {
			return error(ex, WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (DateTimeParseException ex) {
			return error(new IllegalArgumentException("from must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (IllegalArgumentException ex) {
			return error(ex, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (IllegalStateException | RewindFailedException | UnsupportedOperationException ex) {
			// DeadLetterConflictException among them: an earlier dead letter of the key comes first.
			return error(ex, 409);
		}
	}

	private static WebEndpointResponse<Object> error(Exception ex, int status) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", String.valueOf(ex.getMessage()));
		return new WebEndpointResponse<>(body, status, MimeTypeUtils.APPLICATION_JSON);
	}

	private static @Nullable String blankless(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static <T> T required(@Nullable T value, String name) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			throw new IllegalArgumentException(name + " is required");
		}
		return value;
	}

}
