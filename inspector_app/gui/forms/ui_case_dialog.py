# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget)

class Ui_CaseDialog(object):
    def setupUi(self, CaseDialog):
        if not CaseDialog.objectName():
            CaseDialog.setObjectName(u"CaseDialog")
        CaseDialog.resize(480, 420)
        self.mainLayout = QVBoxLayout(CaseDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.privacyLabel = QLabel(CaseDialog)
        self.privacyLabel.setObjectName(u"privacyLabel")
        self.privacyLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.privacyLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.referenceLabel = QLabel(CaseDialog)
        self.referenceLabel.setObjectName(u"referenceLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.referenceLabel)

        self.referenceEdit = QLineEdit(CaseDialog)
        self.referenceEdit.setObjectName(u"referenceEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.referenceEdit)

        self.initialsLabel = QLabel(CaseDialog)
        self.initialsLabel.setObjectName(u"initialsLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.initialsLabel)

        self.initialsEdit = QLineEdit(CaseDialog)
        self.initialsEdit.setObjectName(u"initialsEdit")
        self.initialsEdit.setMaxLength(4)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.initialsEdit)

        self.statusLabel = QLabel(CaseDialog)
        self.statusLabel.setObjectName(u"statusLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(CaseDialog)
        self.statusCombo.setObjectName(u"statusCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.ageLabel = QLabel(CaseDialog)
        self.ageLabel.setObjectName(u"ageLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.ageLabel)

        self.ageCombo = QComboBox(CaseDialog)
        self.ageCombo.setObjectName(u"ageCombo")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.ageCombo)

        self.teamLabel = QLabel(CaseDialog)
        self.teamLabel.setObjectName(u"teamLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.teamLabel)

        self.teamEdit = QLineEdit(CaseDialog)
        self.teamEdit.setObjectName(u"teamEdit")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.teamEdit)

        self.reasonLabel = QLabel(CaseDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reasonCombo = QComboBox(CaseDialog)
        self.reasonCombo.setObjectName(u"reasonCombo")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.reasonCombo)

        self.summaryLabel = QLabel(CaseDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.summaryLabel)

        self.summaryEdit = QPlainTextEdit(CaseDialog)
        self.summaryEdit.setObjectName(u"summaryEdit")
        self.summaryEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.summaryEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(CaseDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(CaseDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.referenceLabel.setBuddy(self.referenceEdit)
        self.initialsLabel.setBuddy(self.initialsEdit)
        self.statusLabel.setBuddy(self.statusCombo)
        self.ageLabel.setBuddy(self.ageCombo)
        self.teamLabel.setBuddy(self.teamEdit)
        self.reasonLabel.setBuddy(self.reasonCombo)
        self.summaryLabel.setBuddy(self.summaryEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.referenceEdit, self.initialsEdit)
        QWidget.setTabOrder(self.initialsEdit, self.statusCombo)
        QWidget.setTabOrder(self.statusCombo, self.ageCombo)
        QWidget.setTabOrder(self.ageCombo, self.teamEdit)
        QWidget.setTabOrder(self.teamEdit, self.reasonCombo)
        QWidget.setTabOrder(self.reasonCombo, self.summaryEdit)

        self.retranslateUi(CaseDialog)

        QMetaObject.connectSlotsByName(CaseDialog)
    # setupUi

    def retranslateUi(self, CaseDialog):
        CaseDialog.setWindowTitle(QCoreApplication.translate("CaseDialog", u"Case", None))
        self.privacyLabel.setText(QCoreApplication.translate("CaseDialog", u"Record the council's case reference and initials only: never a child's name.", None))
        self.referenceLabel.setText(QCoreApplication.translate("CaseDialog", u"Case &reference", None))
#if QT_CONFIG(accessibility)
        self.referenceEdit.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Case reference", None))
#endif // QT_CONFIG(accessibility)
        self.initialsLabel.setText(QCoreApplication.translate("CaseDialog", u"&Initials", None))
#if QT_CONFIG(accessibility)
        self.initialsEdit.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Child's initials", None))
#endif // QT_CONFIG(accessibility)
        self.statusLabel.setText(QCoreApplication.translate("CaseDialog", u"&Legal status", None))
#if QT_CONFIG(accessibility)
        self.statusCombo.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Legal status", None))
#endif // QT_CONFIG(accessibility)
        self.ageLabel.setText(QCoreApplication.translate("CaseDialog", u"&Age band", None))
#if QT_CONFIG(accessibility)
        self.ageCombo.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Age band", None))
#endif // QT_CONFIG(accessibility)
        self.teamLabel.setText(QCoreApplication.translate("CaseDialog", u"&Team", None))
#if QT_CONFIG(accessibility)
        self.teamEdit.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Social work team", None))
#endif // QT_CONFIG(accessibility)
        self.reasonLabel.setText(QCoreApplication.translate("CaseDialog", u"&Why chosen", None))
#if QT_CONFIG(accessibility)
        self.reasonCombo.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Why the case was chosen", None))
#endif // QT_CONFIG(accessibility)
        self.summaryLabel.setText(QCoreApplication.translate("CaseDialog", u"S&ummary", None))
#if QT_CONFIG(accessibility)
        self.summaryEdit.setAccessibleName(QCoreApplication.translate("CaseDialog", u"Case summary", None))
#endif // QT_CONFIG(accessibility)
        self.errorLabel.setText("")
    # retranslateUi

