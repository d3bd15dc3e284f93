"""The main window: assembles the views, menus and actions; the views do the work.

It owns the one ``QUndoStack`` (so Undo and Redo survive switching views) and passes it
to the views. A view is any widget; it may offer ``has_selection()``,
``delete_selected()`` and a ``selection_changed`` signal (Edit > Delete acts on the
current view's selection), a ``status_message(str)`` signal (shown in the status bar)
and ``commit_pending()`` (called before closing or switching journals). Add a view
with :meth:`MainWindow.add_view`.

A view added as a factory belongs to the journal it was built from: on every switch
(open, new, demo, back, restore) it is deleted and built afresh from the new journal,
so no row, message or result of the previous journal survives in any view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from twitchlog import APP_NAME, paths
from twitchlog.store import Journal, JournalError, dbapi
from twitchlog.ui import app_settings, window_placement
from twitchlog.ui.context import JournalContext
from twitchlog.ui.journal_opener import choose_existing, choose_new, open_interactively
from twitchlog.ui.resources import app_icon, icon
from twitchlog.ui.shortcut_filter import MenuShortcutFilter
from twitchlog.ui.tasks import TaskRunner
from twitchlog.ui.today_view import TodayView
from twitchlog.ui.warm_up import IDLE_DELAY_MS, start_warm_up
from twitchlog.validation import now_local

if TYPE_CHECKING:
    from twitchlog.ui.reminder_controller import ReminderController
    from twitchlog.ui.tray import TrayController

DEMO_DAYS = 365
DEMO_SEED = 1
POLL_MS = 2000


class _DemoBanner(QFrame):
    """"You are exploring the demo journal" with a way back to the user's own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.label = QLabel("You are exploring the <b>demo journal</b>: made-up data, so you "
                            "can look around. Nothing here touches your own journal.", self)
        self.back_button = QPushButton("&Back to my journal", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.back_button)


class MainWindow(QMainWindow):
    """The TwitchLog window. ``home_path`` is "my journal", where the demo leads back to."""

    journal_switched = Signal()

    def __init__(
        self,
        context: JournalContext,
        *,
        home_path: Path | None = None,
        tasks: TaskRunner | None = None,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        super().__init__()
        self.context = context
        self.undo_stack = QUndoStack(self)
        self.tasks = tasks or TaskRunner(self)
        self._clock = clock
        self._home_path = Path(home_path) if home_path else context.path
        self._quitting = False
        self._views: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}  # views not built yet
        self._builders: dict[str, Callable[[], QWidget]] = {}  # every factory view's
        self._view_actions: dict[str, QAction] = {}
        self._data_version = self._read_data_version()
        self.tray: TrayController | None = None
        self.reminders: ReminderController | None = None
        self.setWindowIcon(app_icon())

        self.switcher = QListWidget(self)
        self.switcher.setObjectName("viewSwitcher")
        self.switcher.setIconSize(QSize(22, 22))
        self.switcher.setFixedWidth(136)
        self.switcher.setAccessibleName("Views")
        self.stack = QStackedWidget(self)
        self.demo_banner = _DemoBanner(self)
        self.demo_banner.back_button.clicked.connect(self.back_to_my_journal)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.switcher)
        body.addWidget(self.stack, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.demo_banner)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self._create_actions()
        self._create_menus()

        self.add_view("today", "Today",
                      lambda: TodayView(self.context, self.undo_stack, self.stack,
                                        clock=self._clock),
                      "today")
        self.view("today")  # the home view is built at once
        self._install_views()
        self._shortcut_filter = MenuShortcutFilter(
            [a for menu in self.menuBar().findChildren(QMenu) for a in menu.actions()], self)

        self.switcher.currentRowChanged.connect(self._on_switcher_row_changed)
        context.about_to_replace.connect(self._on_context_about_to_replace)
        context.replaced.connect(self._on_context_replaced)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        # Coming back from the terminal: show what the command line wrote at once.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_application_state_changed)
        self._poll.start()

        self._install_tray()
        from twitchlog.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self)
        self._restore_settings()
        self._update_title()
        self._update_actions()

        # Once the window is up, load the charting libraries so Insights opens quickly.
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.setInterval(IDLE_DELAY_MS)
        self._warm_up_timer.timeout.connect(start_warm_up)
        self._warm_up_timer.start()

    # --- views -----------------------------------------------------------------------

    def _install_views(self) -> None:
        """The views after Today; the Insights and Report views are added here too.

        Pass a factory (``lambda: View(...)``) rather than a widget to build a view only
        when it is first shown, which keeps start-up fast.
        """

        def journal_view() -> QWidget:
            from twitchlog.ui.journal_view import JournalView

            return JournalView(self.context, self.undo_stack, self.stack)

        def insights_view() -> QWidget:
            from twitchlog.ui.insights_view import InsightsView

            return InsightsView(self.context, self.tasks, self.stack)

        def report_view() -> QWidget:
            from twitchlog.ui.report_view import ReportView

            return ReportView(self.context, self.tasks, self.stack)

        self.add_view("journal", "Journal", journal_view, "journal")
        self.add_view("insights", "Insights", insights_view, "insights")
        self.add_view("report", "Report", report_view, "report")

    def add_view(self, key: str, title: str, widget: QWidget | Callable[[], QWidget],
                 view_icon: QIcon | str | None = None) -> None:
        """Add a page to the switcher and the View menu (Ctrl+1, Ctrl+2, …).

        ``widget`` is the view, or a callable that builds it the first time it is shown.
        """
        if isinstance(view_icon, str):
            view_icon = icon(view_icon)
        if isinstance(widget, QWidget):
            page = widget
        else:
            page = QWidget(self)  # a stand-in until the view is first shown
            self._factories[key] = widget
            self._builders[key] = widget
        index = self.stack.addWidget(page)
        item = QListWidgetItem(view_icon or QIcon(), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(130, 40))
        self.switcher.addItem(item)
        action = QAction(view_icon or QIcon(), title, self)
        action.setCheckable(True)
        if index < 9:
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
        action.triggered.connect(lambda _=False, k=key: self.show_view(k))
        self._view_group.addAction(action)
        self.view_menu.insertAction(self._view_separator, action)
        self._views[key] = page
        self._view_actions[key] = action
        if isinstance(widget, QWidget):
            self._connect_view(widget)
        if self.switcher.currentRow() < 0:
            self.switcher.setCurrentRow(0)

    def _connect_view(self, widget: QWidget) -> None:
        signal = getattr(widget, "selection_changed", None)
        if signal is not None:
            signal.connect(self._update_actions)
        status = getattr(widget, "status_message", None)
        if status is not None:
            status.connect(lambda text: self.statusBar().showMessage(text, 6000))

    def view(self, key: str) -> QWidget:
        """The view for ``key``, built now if it was added as a factory."""
        factory = self._factories.pop(key, None)
        if factory is not None:
            stand_in = self._views[key]
            index = self.stack.indexOf(stand_in)
            widget = factory()
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self._views[key] = widget
            self._connect_view(widget)
            if self.switcher.currentRow() == index:
                self.stack.setCurrentIndex(index)
        return self._views[key]

    @property
    def today_view(self) -> TodayView:
        """The Today view of the open journal (rebuilt on every journal switch)."""
        view = self.view("today")
        assert isinstance(view, TodayView)
        return view

    def _retire_views(self) -> None:
        """Delete every built factory view; each is built again when next shown."""
        for key, builder in self._builders.items():
            if key in self._factories:
                continue
            old = self._views[key]
            self.tasks.drop_results_for(old)
            stand_in = QWidget(self)
            self.stack.insertWidget(self.stack.indexOf(old), stand_in)
            self.stack.removeWidget(old)
            old.hide()
            self._views[key] = stand_in
            self._factories[key] = builder
            # At once, not deleteLater: the old view must not see the new journal.
            shiboken6.delete(old)

    def is_view_built(self, key: str) -> bool:
        return key in self._views and key not in self._factories

    def view_keys(self) -> list[str]:
        return list(self._views)

    def current_view_key(self) -> str:
        item = self.switcher.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "today"

    def show_view(self, key: str) -> None:
        for row in range(self.switcher.count()):
            if self.switcher.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.switcher.setCurrentRow(row)
                return

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    # --- actions and menus -----------------------------------------------------------

    def _create_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = QAction("&New journal…", self, shortcut=QKeySequence(key.New),
                                  triggered=self.new_journal)
        self.open_action = QAction("&Open journal…", self, shortcut=QKeySequence(key.Open),
                                   triggered=self.open_journal)
        self.back_home_action = QAction("&Back to my journal", self,
                                        triggered=self.back_to_my_journal)
        self.demo_action = QAction("Explore the &demo journal", self,
                                   triggered=self.explore_demo)
        self.import_action = QAction("&Import…", self, shortcut=QKeySequence("Ctrl+I"),
                                     triggered=self.import_files)
        self.export_action = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+E"),
                                     triggered=self.export_files)
        self.undo_import_action = QAction("U&ndo last import…", self,
                                          triggered=self.undo_last_import)
        self.restore_action = QAction("&Restore from backup…", self,
                                      triggered=self.restore_from_backup)
        self.settings_action = QAction("&Settings…", self, triggered=self.open_settings)
        preferences = QKeySequence.keyBindings(key.Preferences)
        self.settings_action.setShortcuts(preferences or [QKeySequence("Ctrl+,")])
        self.quit_action = QAction("&Quit", self, triggered=self.quit_app)
        self.quit_action.setShortcuts(QKeySequence.keyBindings(key.Quit)
                                      or [QKeySequence("Ctrl+Q")])

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(key.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = list(QKeySequence.keyBindings(key.Redo))
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts(redo_keys)
        self.delete_action = QAction("&Delete", self, triggered=self.delete_selection)
        self.delete_action.setShortcuts(QKeySequence.keyBindings(key.Delete))
        self.log_action = QAction("&Log an episode", self, shortcut=QKeySequence("Ctrl+L"),
                                  triggered=self.log_episode)
        self.log_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        self.manage_action = QAction("&Manage…", self, shortcut=QKeySequence("Ctrl+M"),
                                     triggered=self.open_manage)
        self.manage_action.setToolTip("Custom factors, locations, medications, drink amounts")
        self.data_action = QAction("&Where is my data?", self, triggered=self.show_data_location)
        self.about_action = QAction(f"&About {APP_NAME}", self, triggered=self.show_about)
        self._view_group = QActionGroup(self)
        self._view_group.setExclusive(True)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.back_home_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.undo_import_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        file_menu.aboutToShow.connect(self._update_undo_import_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.log_action)
        self.edit_menu = edit_menu

        self.view_menu = bar.addMenu("&View")
        self._view_separator = self.view_menu.addSeparator()
        self.view_menu.addAction(self.manage_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.data_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

        for action in (self.new_action, self.open_action, self.import_action,
                       self.export_action, self.settings_action, self.quit_action,
                       self.undo_action, self.redo_action, self.delete_action,
                       self.log_action, self.manage_action):
            self.addAction(action)

    def _update_actions(self) -> None:
        view = self.current_view()
        has = getattr(view, "has_selection", None)
        self.delete_action.setEnabled(bool(has and has()))
        demo = self.is_demo()
        self.back_home_action.setVisible(demo)
        self.demo_action.setVisible(not demo)
        self.demo_banner.setVisible(demo)

    def _update_undo_import_action(self) -> None:
        """Enabled only while the journal has an import that can be undone."""
        try:
            self.undo_import_action.setEnabled(self.context.journal.imports.last() is not None)
        except dbapi.sql_error(JournalError):
            self.undo_import_action.setEnabled(False)

    # --- journal handling --------------------------------------------------------------

    def is_demo(self) -> bool:
        if self.context.path.name != paths.DEMO_FILENAME:
            return False  # without asking the platform where the data folder is
        try:
            return self.context.path.resolve() == paths.demo_journal_path().resolve()
        except OSError:
            return False

    def home_path(self) -> Path:
        return self._home_path

    def switch_journal(self, journal: Journal) -> None:
        """Show another journal: pending edits are saved, the undo history is cleared."""
        self.commit_pending()
        self.context.replace(journal)
        if not self.is_demo():
            self._home_path = journal.path
            app_settings.set_value(app_settings.LAST_JOURNAL, str(journal.path.resolve()))
        self._data_version = self._read_data_version()
        self.journal_switched.emit()

    def commit_pending(self) -> None:
        for widget in self._views.values():
            commit = getattr(widget, "commit_pending", None)
            if commit is not None:
                commit()

    def open_journal(self) -> None:
        path = choose_existing(self)
        if path is None:
            return
        if path.resolve() == self.context.path.resolve():
            self.statusBar().showMessage(f"{path.name} is already open", 4000)
            return
        journal = open_interactively(path, self, create=False)
        if journal is not None:
            self.switch_journal(journal)
            self.statusBar().showMessage(f"Opened {journal.path}", 5000)

    def new_journal(self) -> None:
        path = choose_new(self)
        if path is None:
            return
        journal = open_interactively(path, self, create=True)
        if journal is not None:
            self.switch_journal(journal)
            self.statusBar().showMessage(f"Started a new journal at {journal.path}", 5000)

    def back_to_my_journal(self) -> None:
        home = self._home_path
        if home.resolve() == paths.demo_journal_path().resolve():
            home = paths.default_journal_path()
        journal = open_interactively(home, self, create=True)
        if journal is not None:
            self.switch_journal(journal)
            self.statusBar().showMessage("Back in your own journal", 4000)

    def explore_demo(self) -> None:
        """Build a fresh demo journal off the UI thread, then open it."""
        from twitchlog.demo import create_demo_journal

        target = paths.demo_journal_path()
        paths.ensure_private_dir(target.parent)
        busy = QProgressDialog("Preparing a demo journal with a year of made-up data…", "",
                               0, 0, self)
        busy.setWindowTitle("Demo journal")
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(0)
        busy.show()
        self._demo_busy = busy

        def done(_result: object) -> None:
            busy.close()
            journal = open_interactively(target, self, create=False)
            if journal is not None:
                self.switch_journal(journal)
                self.show_view("today")

        def failed(error: Exception) -> None:
            busy.close()
            QMessageBox.warning(self, "Demo not created",
                                f"The demo journal could not be created: {error}")

        self.tasks.submit("demo", create_demo_journal, done, failed, path=target,
                          days=DEMO_DAYS, seed=DEMO_SEED)

    # --- edit ----------------------------------------------------------------------------

    def delete_selection(self) -> None:
        delete = getattr(self.current_view(), "delete_selected", None)
        if delete is not None:
            delete()

    def log_episode(self) -> None:
        """Ctrl+L (and the tray): bring the window up with the form ready."""
        self.show_and_raise()
        self.show_view("today")
        self.today_view.focus_form()

    def check_in_today(self) -> None:
        """The tray's "Check in today" and the reminder: today's check-in, ready to type."""
        self.show_and_raise()
        self.show_checkin(self._clock().date())
        self.today_view.checkin.field("sleep_hours").setFocus()

    def show_checkin(self, day: date) -> None:
        """Open the Today view's check-in on ``day`` (e.g. from the Journal calendar)."""
        self.show_view("today")
        self.today_view.show_checkin_for(day)

    # --- dialogs -------------------------------------------------------------------------

    def open_manage(self) -> None:
        from twitchlog.ui.manage_dialog import ManageDialog

        dialog = ManageDialog(self.context, self)
        dialog.exec()

    def open_settings(self) -> None:
        from twitchlog.ui.settings_dialog import SettingsDialog

        SettingsDialog(tray_available=self.tray is not None, parent=self,
                       context=self.context).exec()
        self.idle_lock.restart()
        if self.tray is not None:
            self.tray.apply_settings()

    def show_about(self) -> None:
        from twitchlog.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def show_data_location(self) -> None:
        from twitchlog.ui.data_location_dialog import DataLocationDialog

        DataLocationDialog(self.context, self).exec()

    def import_files(self) -> None:
        from twitchlog.ui.exchange_flow import ImportFlow

        ImportFlow(self.context, self.tasks, self).start()

    def undo_last_import(self) -> None:
        """File > Undo last import…: asks first, then removes what that import added."""
        from twitchlog.ui.exchange_flow import confirm_undo_last_import

        self.commit_pending()
        confirm_undo_last_import(self.context, self)
    def export_files(self) -> None:
        from twitchlog.ui.exchange_flow import ExportFlow

        ExportFlow(self.context, self.tasks, self).start()

    def restore_from_backup(self) -> None:
        """File > Restore from backup…: the chosen copy replaces the journal, reopened."""
        from twitchlog.ui.restore_dialog import RestoreDialog

        self.commit_pending()
        self.tasks.wait(10_000)  # background readers let go of the file first
        dialog = RestoreDialog(self.context.path, self, context=self.context)
        dialog.restored.connect(lambda _result: self.undo_stack.clear())
        dialog.exec()

    # --- window --------------------------------------------------------------------------

    def show_and_raise(self) -> None:
        """Bring the window to the front (tray, single-instance activation)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def quit_app(self) -> None:
        self._quitting = True
        self.close()
        if not self.isVisible():
            QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending()
        self._save_settings()
        if (not self._quitting and self.tray is not None
                and self.tray.keeps_running()):
            event.ignore()
            self.hide()
            self.tray.notify_still_running()
            return
        self.tasks.wait(10_000)
        event.accept()

    def _restore_settings(self) -> None:
        settings = app_settings.app_settings()
        geometry = settings.value(app_settings.GEOMETRY)
        if isinstance(geometry, QByteArray | bytes) and geometry \
                and self.restoreGeometry(geometry):
            self._bring_on_screen()
        else:
            self._place_first_window()
        state = settings.value(app_settings.WINDOW_STATE)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(state)
        last = settings.value(app_settings.LAST_VIEW, "today")
        self.show_view(last if last in self._views else "today")

    def _available_geometry(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def _place_first_window(self) -> None:
        """Fit the screen; a small screen (below about 1280×800) gets a maximised window."""
        available = self._available_geometry()
        self.setGeometry(window_placement.first_geometry(available))
        if window_placement.starts_maximised(available):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _bring_on_screen(self) -> None:
        """A placement saved on another (larger) screen is pulled back inside this one."""
        if self.windowState() & (Qt.WindowState.WindowMaximized
                                 | Qt.WindowState.WindowFullScreen):
            return
        available = self._available_geometry()
        frame = self.frameGeometry()
        fitted = window_placement.fit_on_screen(frame, available)
        if fitted != frame:
            extra = frame.size() - self.geometry().size()  # the window manager's frame
            self.resize(fitted.size() - extra)
            self.move(fitted.topLeft())

    def _save_settings(self) -> None:
        settings = app_settings.app_settings()
        settings.setValue(app_settings.GEOMETRY, self.saveGeometry())
        settings.setValue(app_settings.WINDOW_STATE, self.saveState())
        settings.setValue(app_settings.LAST_VIEW, self.current_view_key())
        settings.sync()

    def _update_title(self) -> None:
        if self.is_demo():
            self.setWindowTitle(f"Demo journal (made-up data) – {APP_NAME}")
        else:
            self.setWindowTitle(f"{self.context.path.name} – {APP_NAME}")
        self.setWindowFilePath(str(self.context.path))

    def _install_tray(self) -> None:
        from twitchlog.ui.tray import TrayController

        if TrayController.available():
            self.tray = TrayController(self)
            from twitchlog.ui.reminder_controller import install_reminders

            self.reminders = install_reminders(self, self.tray, self._clock)

    # --- slots ---------------------------------------------------------------------------

    def _on_switcher_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.switcher.item(row).data(Qt.ItemDataRole.UserRole)
        self.view(key)  # built on first show
        self.stack.setCurrentIndex(row)
        action = self._view_actions.get(key)
        if action is not None:
            action.setChecked(True)
        self._update_actions()

    def _on_context_about_to_replace(self) -> None:
        self.undo_stack.clear()  # its commands name entries of the old journal
        self._retire_views()

    def _on_context_replaced(self) -> None:
        self.view("today")
        current = self.current_view_key()
        self.view(current)
        self.stack.setCurrentIndex(self.switcher.currentRow())
        self._data_version = self._read_data_version()
        self._update_title()
        self._update_actions()
        self.idle_lock.restart()  # protection may have been switched on or off

    def _read_data_version(self) -> int | None:
        try:
            return self.context.journal.data_version()
        except dbapi.sql_error():  # a closed or vanished file: no polling
            return None

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self._on_poll_timeout()

    def _on_poll_timeout(self) -> None:
        """Another program (the command line) wrote the journal: refresh the views."""
        version = self._read_data_version()
        if version is not None and self._data_version is not None \
                and version != self._data_version:
            self._data_version = version
            self.context.notify_changed()
        self._data_version = version
