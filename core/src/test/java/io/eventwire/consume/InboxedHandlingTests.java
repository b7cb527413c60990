package io.eventwire.consume;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.eventwire.DependencyUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The inbox's part in handling: record after the handler (and only the record again when it
 * failed), or claim, handle and commit together inside the inbox's transaction.
 */
class InboxedHandlingTests {

	private static final String EVENT_ID = "7c1b5d4e-0f43-4f4a-9d0e-6f1f7c3b2a10";

	private final List<String> steps = new ArrayList<>();

	private final ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 42L, "k", new byte[0]);

	@Test
	void aFailedRecordAfterASuccessfulHandlerRetriesTheRecordAloneAndWaitsForTheDependency() {
		RecordingInbox inbox = new RecordingInbox(null);
		inbox.failingRecords = 2;
		InboxedHandling handling = new InboxedHandling(inbox, "shipping");

		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThatExceptionOfType(InboxWriteException.class)
				.isThrownBy(() -> handling.handleOnce(this.record, EVENT_ID, "placed", this::handler))
				.isInstanceOf(DependencyUnavailableException.class)
				.withCauseInstanceOf(DataAccessResourceFailureException.class);
		}
		handling.handleOnce(this.record, EVENT_ID, "placed", this::handler);

		assertThat(this.steps).containsExactly("handler", "record", "record", "record");
		assertThat(inbox.recorded).containsExactly("shipping:" + EVENT_ID);
	}

	@Test
	void withATransactionTheEventIsClaimedThenHandledAndBothCommitTogether() {
		RecordingTransactions transactions = new RecordingTransactions();
		RecordingInbox inbox = new RecordingInbox(transactions);
		InboxedHandling handling = new InboxedHandling(inbox, "shipping");

		handling.handleOnce(this.record, EVENT_ID, "placed", this::handler);

		assertThat(this.steps).containsExactly("begin", "record", "handler", "commit");
	}

	@Test
	void withATransactionAFailingHandlerRollsTheClaimBack() {
		RecordingTransactions transactions = new RecordingTransactions();
		InboxedHandling handling = new InboxedHandling(new RecordingInbox(transactions), "shipping");

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> handling.handleOnce(this.record,
				EVENT_ID, "placed", () -> {
					this.steps.add("handler");
					throw new IllegalStateException("broken");
				}));

		assertThat(this.steps).containsExactly("begin", "record", "handler", "rollback");
	}

	@Test
	void withATransactionAnEventClaimedByAnotherConsumerIsNotHandled() {
		RecordingTransactions transactions = new RecordingTransactions();
		RecordingInbox inbox = new RecordingInbox(transactions);
		inbox.claimedElsewhere = true;
		InboxedHandling handling = new InboxedHandling(inbox, "shipping");

		handling.handleOnce(this.record, EVENT_ID, "placed", this::handler);

		assertThat(this.steps).containsExactly("begin", "record", "rollback");
	}

	@Test
	void anEventHandledBeforeIsSkipped() {
		RecordingInbox inbox = new RecordingInbox(null);
		inbox.recorded.add("shipping:" + EVENT_ID);

		new InboxedHandling(inbox, "shipping").handleOnce(this.record, EVENT_ID, "placed", this::handler);

		assertThat(this.steps).isEmpty();
	}

	private void handler() {
		this.steps.add("handler");
	}

	private final class RecordingInbox implements EventInbox {

		final Set<String> recorded = new HashSet<>();

		private final @Nullable TransactionOperations transactions;

		int failingRecords;

		boolean claimedElsewhere;

		RecordingInbox(@Nullable TransactionOperations transactions) {
			this.transactions = transactions;
		}

		@Override
		public boolean handled(String groupId, String eventId) {
			return this.recorded.contains(groupId + ":" + eventId);
		}

		@Override
		public boolean record(String groupId, String eventId) {
			InboxedHandlingTests.this.steps.add("record");
			if (this.failingRecords-- > 0) {
				throw new DataAccessResourceFailureException("MongoDB is unreachable");
			}
			return !this.claimedElsewhere && this.recorded.add(groupId + ":" + eventId);
		}

		@Override
		public @Nullable TransactionOperations transactions() {
			return this.transactions;
		}

	}

	private final class RecordingTransactions implements TransactionOperations {

		@Override
		public <T> @Nullable T execute(TransactionCallback<T> action) {
			InboxedHandlingTests.this.steps.add("begin");
			TransactionStatus status = new SimpleTransactionStatus();
			T result;
			try {
				result = action.doInTransaction(status);
			}
			catch (RuntimeException ex) {
				InboxedHandlingTests.this.steps.add("rollback");
				throw ex;
			}
			InboxedHandlingTests.this.steps.add(status.isRollbackOnly() ? "rollback" : "commit");
			return result;
		}

	}

}
