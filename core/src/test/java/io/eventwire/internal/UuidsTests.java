package io.eventwire.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UuidsTests {

	@Test
	void recognisesCanonicalUuids() {
		assertThat(Uuids.isUuid("123e4567-e89b-12d3-a456-426614174000")).isTrue();
		assertThat(Uuids.isUuid("123e4567e89b12d3a456426614174000")).isFalse();
		assertThat(Uuids.isUuid("123e4567-e89b-12d3-a456-42661417400g")).isFalse();
		assertThat(Uuids.isUuid(null)).isFalse();
		assertThat(Uuids.isUuid("")).isFalse();
		// Digits of other scripts are digits to Character.digit, but no UUID has them.
		assertThat(Uuids.isUuid("123e4567-e89b-12d3-a456-42661417400\uFF10")).isFalse();
		assertThat(Uuids.isUuid("123e4567-e89b-12d3-a456-42661417400\u0660")).isFalse();
	}

	@Test
	void recognisesVersion4Only() {
		assertThat(Uuids.isUuidV4(Uuids.random())).isTrue();
		assertThat(Uuids.isUuidV4("9F4D3A1C-5B2E-4C7D-8E9F-0A1B2C3D4E5F")).isTrue();
		assertThat(Uuids.isUuidV4("123e4567-e89b-12d3-a456-426614174000")).isFalse();
		assertThat(Uuids.isUuidV4("123e4567-e89b-42d3-c456-426614174000")).isFalse();
	}

}
