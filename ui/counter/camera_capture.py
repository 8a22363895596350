"""A paper photographed at the counter, when Qt finds a camera (a document camera or a
webcam): a live preview and a Take photo button; the photo comes back as JPEG bytes,
stored like a scanned file (kiosk/attachments.py). Without a camera the counter only
attaches files, and no camera button shows. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.live_language import Retranslating

JPEG_QUALITY = 85


def camera_available() -> bool:
    return bool(QMediaDevices.videoInputs())


def jpeg_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", JPEG_QUALITY)
    buffer.close()
    return bytes(data.data())


class CameraDialog(Retranslating, QDialog):
    """Preview, then one photo: `photographed(bytes)` with the JPEG."""

    photographed = Signal(bytes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraDialog")
        self.camera = QCamera(QMediaDevices.defaultVideoInput())
        self.capture = QImageCapture()
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.preview = QVideoWidget()
        self.preview.setMinimumSize(640, 480)
        self.session.setVideoOutput(self.preview)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(lambda _id, _error, text: self.status.setText(text))
        self.status = QLabel(objectName="hint")
        self.take = QPushButton(objectName="callButton")
        self.take.clicked.connect(self._take)
        self.cancel = QPushButton(objectName="back")
        self.cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.take)
        column = QVBoxLayout(self)
        column.addWidget(self.preview, 1)
        column.addWidget(self.status)
        column.addLayout(row)
        self.finished.connect(lambda _r: self.camera.stop())
        self.camera.start()
        self.retranslate()

    def _take(self) -> None:
        if self.capture.isReadyForCapture():
            self.take.setEnabled(False)
            self.capture.capture()

    def _captured(self, _request_id: int, image: QImage) -> None:
        self.photographed.emit(jpeg_bytes(image))
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Photograph a paper"))
        self.take.setText(self.tr("Take the photo"))
        self.cancel.setText(self.tr("Cancel"))
