package io.eventwire.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (installed by {@code .ci/run}):
 * no driver or browser download, and none of the browser's own network traffic, which this
 * machine's closed network refuses.
 */
public final class HeadlessChrome implements AutoCloseable {

	private static final File BROWSER = new File("/usr/bin/chromium");

	private static final File DRIVER = new File("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private HeadlessChrome(ChromeDriver driver) {
		this.driver = driver;
	}

	/**
	 * @param userDataDir an empty directory for the browser's profile
	 * @return a started browser
	 */
	public static HeadlessChrome start(Path userDataDir) {
		if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
			throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver "
					+ "(/usr/bin/chromium, /usr/bin/chromedriver): .ci/run installs them");
		}
		ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--window-size=1400,1000", "--user-data-dir=" + userDataDir.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return new HeadlessChrome(driver);
	}

	/**
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * @param file where to write a PNG of the window; its directory is created
	 */
	public void screenshot(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
