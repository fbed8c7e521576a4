# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget)

class Ui_AuditDialog(object):
    def setupUi(self, AuditDialog):
        if not AuditDialog.objectName():
            AuditDialog.setObjectName(u"AuditDialog")
        AuditDialog.resize(480, 380)
        self.mainLayout = QVBoxLayout(AuditDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.caseLabel = QLabel(AuditDialog)
        self.caseLabel.setObjectName(u"caseLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.caseLabel)

        self.caseCombo = QComboBox(AuditDialog)
        self.caseCombo.setObjectName(u"caseCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.caseCombo)

        self.typeLabel = QLabel(AuditDialog)
        self.typeLabel.setObjectName(u"typeLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.typeLabel)

        self.typeCombo = QComboBox(AuditDialog)
        self.typeCombo.setObjectName(u"typeCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.typeCombo)

        self.dateLabel = QLabel(AuditDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.recordDate = QDateEdit(AuditDialog)
        self.recordDate.setObjectName(u"recordDate")
        self.recordDate.setCalendarPopup(True)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.recordDate)

        self.qualityLabel = QLabel(AuditDialog)
        self.qualityLabel.setObjectName(u"qualityLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.qualityLabel)

        self.qualityCombo = QComboBox(AuditDialog)
        self.qualityCombo.setObjectName(u"qualityCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.qualityCombo)

        self.timelyLabel = QLabel(AuditDialog)
        self.timelyLabel.setObjectName(u"timelyLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.timelyLabel)

        self.timelyCombo = QComboBox(AuditDialog)
        self.timelyCombo.setObjectName(u"timelyCombo")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.timelyCombo)

        self.noteLabel = QLabel(AuditDialog)
        self.noteLabel.setObjectName(u"noteLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.noteLabel)

        self.noteEdit = QPlainTextEdit(AuditDialog)
        self.noteEdit.setObjectName(u"noteEdit")
        self.noteEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.noteEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(AuditDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(AuditDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.caseLabel.setBuddy(self.caseCombo)
        self.typeLabel.setBuddy(self.typeCombo)
        self.dateLabel.setBuddy(self.recordDate)
        self.qualityLabel.setBuddy(self.qualityCombo)
        self.timelyLabel.setBuddy(self.timelyCombo)
        self.noteLabel.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.caseCombo, self.typeCombo)
        QWidget.setTabOrder(self.typeCombo, self.recordDate)
        QWidget.setTabOrder(self.recordDate, self.qualityCombo)
        QWidget.setTabOrder(self.qualityCombo, self.timelyCombo)
        QWidget.setTabOrder(self.timelyCombo, self.noteEdit)

        self.retranslateUi(AuditDialog)

        QMetaObject.connectSlotsByName(AuditDialog)
    # setupUi

    def retranslateUi(self, AuditDialog):
        AuditDialog.setWindowTitle(QCoreApplication.translate("AuditDialog", u"Record audit", None))
        self.caseLabel.setText(QCoreApplication.translate("AuditDialog", u"&Case", None))
#if QT_CONFIG(accessibility)
        self.caseCombo.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Case", None))
#endif // QT_CONFIG(accessibility)
        self.typeLabel.setText(QCoreApplication.translate("AuditDialog", u"Record &type", None))
#if QT_CONFIG(accessibility)
        self.typeCombo.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Record type", None))
#endif // QT_CONFIG(accessibility)
        self.dateLabel.setText(QCoreApplication.translate("AuditDialog", u"Record &date", None))
#if QT_CONFIG(accessibility)
        self.recordDate.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Record date", None))
#endif // QT_CONFIG(accessibility)
        self.recordDate.setDisplayFormat(QCoreApplication.translate("AuditDialog", u"d MMMM yyyy", None))
        self.qualityLabel.setText(QCoreApplication.translate("AuditDialog", u"&Quality", None))
#if QT_CONFIG(accessibility)
        self.qualityCombo.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Quality", None))
#endif // QT_CONFIG(accessibility)
        self.timelyLabel.setText(QCoreApplication.translate("AuditDialog", u"T&imeliness", None))
#if QT_CONFIG(accessibility)
        self.timelyCombo.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Timeliness", None))
#endif // QT_CONFIG(accessibility)
        self.noteLabel.setText(QCoreApplication.translate("AuditDialog", u"&Note", None))
#if QT_CONFIG(accessibility)
        self.noteEdit.setAccessibleName(QCoreApplication.translate("AuditDialog", u"Audit note", None))
#endif // QT_CONFIG(accessibility)
        self.errorLabel.setText("")
    # retranslateUi

