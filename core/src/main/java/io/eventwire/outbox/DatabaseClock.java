package io.eventwire.outbox;

import java.time.Instant;
import java.util.Date;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * The database server's time, from the {@code localTime} of its {@code hello} answer: one clock
 * for the leases of every instance, so that an instance whose own clock is off neither takes a
 * live lease nor keeps an expired one. ({@code isMaster} answers servers that lack {@code hello}.)
 */
final class DatabaseClock {

	private static final int COMMAND_NOT_FOUND = 59;

	private volatile boolean helloKnown = true;

	/**
	 * @param database any database of the server
	 * @return the server's time now
	 */
	Instant now(MongoDatabase database) {
		Document answer = this.helloKnown ? hello(database) : database.runCommand(new Document("isMaster", 1));
		if (answer == null) {
			this.helloKnown = false;
			answer = database.runCommand(new Document("isMaster", 1));
		}
		Object localTime = answer.get("localTime");
		if (!(localTime instanceof Date date)) {
			throw new IllegalStateException("The MongoDB server did not tell its time (no localTime in " + answer + ")");
		}
		return date.toInstant();
	}

	private static Document hello(MongoDatabase database) {
		try {
			return database.runCommand(new Document("hello", 1));
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() == COMMAND_NOT_FOUND || String.valueOf(ex.getErrorMessage()).contains("no such")) {
				return null;
			}
			throw ex;
		}
	}

}
