package io.eventwire.outbox;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.eventwire.OutgoingEvent;
import io.eventwire.internal.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseUtils;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What an event outbox write outside a MongoDB transaction gets: the event is then not written
 * atomically with the business change. By default a WARN, once per call site (the first class
 * outside eventwire and Spring on the stack); with {@code eventwire.outbox.require-transaction} an
 * {@link OutboxTransactionRequiredException}.
 */
public final class OutboxTransactionCheck {

	private static final Logger logger = LoggerFactory.getLogger(OutboxTransactionCheck.class);

	/** A check that lets every write through silently. */
	public static final OutboxTransactionCheck NONE = new OutboxTransactionCheck(() -> true, false);

	// Bounds the memory of warned call sites, should code be generated at run time.
	private static final int MAX_CALL_SITES = 1_000;

	private static final StackWalker STACK = StackWalker.getInstance();

	private final BooleanSupplier inTransaction;

	private final boolean required;

	private final Set<String> warnedCallSites = ConcurrentHashMap.newKeySet();

	/**
	 * @param inTransaction whether the current thread's writes are in a MongoDB transaction
	 * @param required whether a write outside one is refused rather than warned of
	 */
	public OutboxTransactionCheck(BooleanSupplier inTransaction, boolean required) {
		this.inTransaction = inTransaction;
		this.required = required;
	}

	/**
	 * @param mongo the outbox's MongoOperations
	 * @return whether the current thread's writes through it join a MongoDB transaction
	 */
	public static BooleanSupplier mongoTransaction(MongoOperations mongo) {
		if (mongo instanceof MongoTemplate template) {
			return () -> MongoDatabaseUtils.isTransactionActive(template.getMongoDatabaseFactory());
		}
		return TransactionSynchronizationManager::isActualTransactionActive;
	}

	/**
	 * @param event the event about to be written
	 * @throws OutboxTransactionRequiredException outside a transaction, when one is required
	 */
	void check(OutgoingEvent event) {
		if (this.inTransaction.getAsBoolean()) {
			return;
		}
		String callSite = callSite();
		String what = "EventOutbox.publish of '" + LogSafe.escape(event.type()) + "' for " + event.topic() + " from "
				+ callSite + " ran outside a MongoDB transaction";
		if (this.required) {
			throw new OutboxTransactionRequiredException(what + " and eventwire.outbox.require-transaction is on: "
					+ "run it in a transaction of a MongoTransactionManager (@Transactional, or a TransactionTemplate)");
		}
		if (this.warnedCallSites.size() < MAX_CALL_SITES && this.warnedCallSites.add(callSite)) {
			logger.warn("{}: the event is not written atomically with the business change. Run it in a transaction of "
					+ "a MongoTransactionManager (MongoDB must run as a replica set), or set "
					+ "eventwire.outbox.require-transaction=true to make that a rule. Said once per call site", what);
		}
	}

	private static String callSite() {
		Optional<StackWalker.StackFrame> caller = STACK
			.walk((frames) -> frames.filter((frame) -> !isFramework(frame.getClassName())).findFirst());
		return caller.map((frame) -> frame.getClassName() + "." + frame.getMethodName() + ":" + frame.getLineNumber())
			.orElse("an unknown caller");
	}

	private static boolean isFramework(String className) {
		return className.startsWith("io.eventwire.outbox.") || className.startsWith("org.springframework.")
				|| className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
				|| className.contains("$$");
	}

}
