package io.eventwire.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.MongoCommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands MongoDB refused to eventwire for lack of privileges ({@code Unauthorized}, code 13),
 * where eventwire goes on without them: an index left as it is, say. Each is logged once at WARN
 * with the command an administrator runs and the role it needs, and listed for health details.
 */
public final class MissingPrivileges {

	private static final Logger logger = LoggerFactory.getLogger(MissingPrivileges.class);

	/** MongoDB's answer to a command the user's roles do not allow. */
	public static final int UNAUTHORIZED = 13;

	private final Map<String, String> refused = new ConcurrentHashMap<>();

	/**
	 * @param ex a failed command
	 * @return whether MongoDB refused it for lack of privileges
	 */
	public static boolean isUnauthorized(MongoCommandException ex) {
		return ex.getErrorCode() == UNAUTHORIZED || "Unauthorized".equals(ex.getErrorCodeName());
	}

	/**
	 * Record a refused command, logged the first time.
	 * @param command the command, as an administrator runs it in mongosh
	 * @param role the role (or action) it needs
	 * @param consequence what eventwire does without it
	 */
	public void refused(String command, String role, String consequence) {
		String description = command + " needs " + role + "; " + consequence;
		if (this.refused.putIfAbsent(command, description) == null) {
			logger.warn("MongoDB refused {} to eventwire's user: it needs {}. {}. An administrator can run it, or "
					+ "grant the role (docs/outbox.md lists the privileges per feature).", command, role, consequence);
		}
	}

	/**
	 * @return the refused commands, each with the role it needs and what eventwire does without it
	 */
	public List<String> all() {
		return List.copyOf(this.refused.values());
	}

}
