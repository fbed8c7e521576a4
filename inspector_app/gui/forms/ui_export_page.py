# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'export_page.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QProgressBar, QPushButton,
    QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_ExportPage(object):
    def setupUi(self, ExportPage):
        if not ExportPage.objectName():
            ExportPage.setObjectName(u"ExportPage")
        ExportPage.resize(760, 520)
        self.mainLayout = QVBoxLayout(ExportPage)
        self.mainLayout.setObjectName(u"mainLayout")
        self.titleLabel = QLabel(ExportPage)
        self.titleLabel.setObjectName(u"titleLabel")

        self.mainLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(ExportPage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.documentGroup = QGroupBox(ExportPage)
        self.documentGroup.setObjectName(u"documentGroup")
        self.documentLayout = QVBoxLayout(self.documentGroup)
        self.documentLayout.setObjectName(u"documentLayout")
        self.reportRadio = QRadioButton(self.documentGroup)
        self.reportRadio.setObjectName(u"reportRadio")

        self.documentLayout.addWidget(self.reportRadio)

        self.letterRadio = QRadioButton(self.documentGroup)
        self.letterRadio.setObjectName(u"letterRadio")

        self.documentLayout.addWidget(self.letterRadio)

        self.workingCopyCheck = QCheckBox(self.documentGroup)
        self.workingCopyCheck.setObjectName(u"workingCopyCheck")

        self.documentLayout.addWidget(self.workingCopyCheck)

        self.appendixCheck = QCheckBox(self.documentGroup)
        self.appendixCheck.setObjectName(u"appendixCheck")

        self.documentLayout.addWidget(self.appendixCheck)

        self.internalCheck = QCheckBox(self.documentGroup)
        self.internalCheck.setObjectName(u"internalCheck")

        self.documentLayout.addWidget(self.internalCheck)


        self.mainLayout.addWidget(self.documentGroup)

        self.formatGroup = QGroupBox(ExportPage)
        self.formatGroup.setObjectName(u"formatGroup")
        self.formatOuterLayout = QVBoxLayout(self.formatGroup)
        self.formatOuterLayout.setObjectName(u"formatOuterLayout")
        self.formatLayout = QHBoxLayout()
        self.formatLayout.setObjectName(u"formatLayout")
        self.pdfRadio = QRadioButton(self.formatGroup)
        self.pdfRadio.setObjectName(u"pdfRadio")
        self.pdfRadio.setChecked(True)

        self.formatLayout.addWidget(self.pdfRadio)

        self.docxRadio = QRadioButton(self.formatGroup)
        self.docxRadio.setObjectName(u"docxRadio")

        self.formatLayout.addWidget(self.docxRadio)

        self.formatSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.formatLayout.addItem(self.formatSpacer)


        self.formatOuterLayout.addLayout(self.formatLayout)

        self.templateLayout = QHBoxLayout()
        self.templateLayout.setObjectName(u"templateLayout")
        self.templateLabel = QLabel(self.formatGroup)
        self.templateLabel.setObjectName(u"templateLabel")

        self.templateLayout.addWidget(self.templateLabel)

        self.templateEdit = QLineEdit(self.formatGroup)
        self.templateEdit.setObjectName(u"templateEdit")

        self.templateLayout.addWidget(self.templateEdit)

        self.templateButton = QPushButton(self.formatGroup)
        self.templateButton.setObjectName(u"templateButton")

        self.templateLayout.addWidget(self.templateButton)


        self.formatOuterLayout.addLayout(self.templateLayout)


        self.mainLayout.addWidget(self.formatGroup)

        self.pathLayout = QHBoxLayout()
        self.pathLayout.setObjectName(u"pathLayout")
        self.pathLabel = QLabel(ExportPage)
        self.pathLabel.setObjectName(u"pathLabel")

        self.pathLayout.addWidget(self.pathLabel)

        self.pathEdit = QLineEdit(ExportPage)
        self.pathEdit.setObjectName(u"pathEdit")

        self.pathLayout.addWidget(self.pathEdit)

        self.browseButton = QPushButton(ExportPage)
        self.browseButton.setObjectName(u"browseButton")

        self.pathLayout.addWidget(self.browseButton)


        self.mainLayout.addLayout(self.pathLayout)

        self.actionLayout = QHBoxLayout()
        self.actionLayout.setObjectName(u"actionLayout")
        self.exportButton = QPushButton(ExportPage)
        self.exportButton.setObjectName(u"exportButton")

        self.actionLayout.addWidget(self.exportButton)

        self.cancelButton = QPushButton(ExportPage)
        self.cancelButton.setObjectName(u"cancelButton")
        self.cancelButton.setEnabled(False)

        self.actionLayout.addWidget(self.cancelButton)

        self.openButton = QPushButton(ExportPage)
        self.openButton.setObjectName(u"openButton")
        self.openButton.setEnabled(False)

        self.actionLayout.addWidget(self.openButton)

        self.actionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionLayout.addItem(self.actionSpacer)


        self.mainLayout.addLayout(self.actionLayout)

        self.progressBar = QProgressBar(ExportPage)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setValue(0)

        self.mainLayout.addWidget(self.progressBar)

        self.statusLabel = QLabel(ExportPage)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.statusLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.templateLabel.setBuddy(self.templateEdit)
        self.pathLabel.setBuddy(self.pathEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ExportPage)

        self.exportButton.setDefault(True)


        QMetaObject.connectSlotsByName(ExportPage)
    # setupUi

    def retranslateUi(self, ExportPage):
        self.titleLabel.setText(QCoreApplication.translate("ExportPage", u"Export", None))
        self.introLabel.setText("")
        self.documentGroup.setTitle(QCoreApplication.translate("ExportPage", u"Document", None))
        self.reportRadio.setText(QCoreApplication.translate("ExportPage", u"Draft inspection &report", None))
        self.letterRadio.setText(QCoreApplication.translate("ExportPage", u"Visit &letter to the director of children's services", None))
        self.workingCopyCheck.setText(QCoreApplication.translate("ExportPage", u"The lead's wor&king copy (not for publication)", None))
        self.appendixCheck.setText(QCoreApplication.translate("ExportPage", u"Add an appe&ndix of the evidence cited", None))
        self.internalCheck.setText(QCoreApplication.translate("ExportPage", u"Add an &INTERNAL appendix of case references", None))
        self.formatGroup.setTitle(QCoreApplication.translate("ExportPage", u"Format", None))
        self.pdfRadio.setText(QCoreApplication.translate("ExportPage", u"&PDF", None))
        self.docxRadio.setText(QCoreApplication.translate("ExportPage", u"&Word (.docx), for editing and quality assurance", None))
        self.templateLabel.setText(QCoreApplication.translate("ExportPage", u"Word &template (optional)", None))
#if QT_CONFIG(accessibility)
        self.templateEdit.setAccessibleName(QCoreApplication.translate("ExportPage", u"A .docx whose styles the Word document takes", None))
#endif // QT_CONFIG(accessibility)
        self.templateEdit.setPlaceholderText(QCoreApplication.translate("ExportPage", u"none: the app's own styles", None))
        self.templateButton.setText(QCoreApplication.translate("ExportPage", u"Choo&se\u2026", None))
        self.pathLabel.setText(QCoreApplication.translate("ExportPage", u"Save &as", None))
#if QT_CONFIG(accessibility)
        self.pathEdit.setAccessibleName(QCoreApplication.translate("ExportPage", u"Where to save the document", None))
#endif // QT_CONFIG(accessibility)
        self.browseButton.setText(QCoreApplication.translate("ExportPage", u"&Browse\u2026", None))
        self.exportButton.setText(QCoreApplication.translate("ExportPage", u"E&xport", None))
        self.cancelButton.setText(QCoreApplication.translate("ExportPage", u"&Cancel export", None))
        self.openButton.setText(QCoreApplication.translate("ExportPage", u"&Open", None))
#if QT_CONFIG(accessibility)
        self.progressBar.setAccessibleName(QCoreApplication.translate("ExportPage", u"Export progress", None))
#endif // QT_CONFIG(accessibility)
        self.statusLabel.setText("")
        pass
    # retranslateUi

