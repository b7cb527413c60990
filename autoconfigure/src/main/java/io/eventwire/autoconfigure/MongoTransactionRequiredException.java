package io.eventwire.autoconfigure;

/**
 * Thrown at startup when a property asks for MongoDB transactions
 * ({@code eventwire.outbox.require-transaction}, {@code eventwire.consumer.deduplication.transactional})
 * and the application declares no {@code MongoTransactionManager}.
 */
public class MongoTransactionRequiredException extends RuntimeException {

	private final String property;

	/**
	 * @param property the property that asks for transactions
	 */
	public MongoTransactionRequiredException(String property) {
		super(property + "=true asks for MongoDB transactions, and the application declares no MongoTransactionManager.");
		this.property = property;
	}

	/**
	 * @return the property that asks for transactions
	 */
	public String property() {
		return this.property;
	}

}
