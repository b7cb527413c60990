package io.eventwire.autoconfigure;

/**
 * Thrown at startup when the application asks for a part of eventwire that keeps its state in
 * MongoDB (the outbox or the inbox) and MongoDB is not there.
 */
public class MongoDbRequiredException extends RuntimeException {

	private final String requestedBy;

	/**
	 * @param part what needs MongoDB, for example {@code "The inbox"}
	 * @param requestedBy what asked for it, for example a property and its value
	 */
	public MongoDbRequiredException(String part, String requestedBy) {
		super(part + " keeps its state in MongoDB, and there is no MongoDB: " + requestedBy
				+ " asks for it.");
		this.requestedBy = requestedBy;
	}

	/**
	 * @return what asked for the part that needs MongoDB
	 */
	public String requestedBy() {
		return this.requestedBy;
	}

}
